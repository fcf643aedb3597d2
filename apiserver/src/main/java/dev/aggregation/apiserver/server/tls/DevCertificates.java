package dev.aggregation.apiserver.server.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of standalone (development) mode, kept in {@code --cert-dir}: a CA, a serving certificate for
 * localhost/127.0.0.1, an admin client certificate ({@code CN=admin, O=system:masters}) and an
 * {@code admin.kubeconfig} using them. Existing valid files are reused, so a restarted server keeps the
 * developer's kubeconfig working; a kubeconfig for another port is rewritten.
 *
 * <p>Two processes may start on the same directory at once (a test suite, {@code make run} twice): a lock file
 * serialises them and every file is replaced atomically, so both end up using the same certificates.
 */
public final class DevCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(DevCertificates.class);

  public static final String LOCK_FILE = ".lock";
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  /** A certificate this close to expiry is replaced at startup rather than failing mid-session. */
  static final Duration RENEW_BEFORE = Duration.ofDays(1);
  static final String ADMIN_USER = "admin";
  static final String ADMIN_GROUP = "system:masters";

  private final Clock clock;
  private final List<String> servingDnsNames;
  private final List<InetAddress> servingAddresses;

  public DevCertificates(Clock clock, List<String> servingDnsNames, List<InetAddress> servingAddresses) {
    this.clock = clock;
    this.servingDnsNames = List.copyOf(servingDnsNames);
    this.servingAddresses = List.copyOf(servingAddresses);
  }

  /** Serving names as the sample-apiserver's self-signed certificate has them: localhost and 127.0.0.1. */
  public static DevCertificates forLocalhost(Clock clock) {
    return new DevCertificates(clock, List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
  }

  /** What {@link #ensureCertificates} found or made: the files, and the CA and admin pair the kubeconfig embeds. */
  public record Certificates(DevCertificateFiles files, X509Certificate ca, IssuedCertificate admin) {}

  /**
   * Makes sure {@code certDir} holds valid dev certificates and an admin kubeconfig pointing at {@code port},
   * creating or renewing what is missing, and returns where they are.
   */
  public DevCertificateFiles ensure(Path certDir, int port) throws IOException {
    return underLock(certDir, files -> {
      Certificates certificates = certificatesIn(files);
      writeKubeconfig(certificates, port);
      return files;
    });
  }

  /**
   * The certificates half of {@link #ensure}: the server can listen once they exist, while the admin kubeconfig,
   * which takes longer to render than everything else here, is written by {@link #writeAdminKubeconfig}.
   */
  public Certificates ensureCertificates(Path certDir) throws IOException {
    return underLock(certDir, this::certificatesIn);
  }

  /** The kubeconfig half of {@link #ensure}, for what {@link #ensureCertificates} returned. */
  public void writeAdminKubeconfig(Certificates certificates, int port) throws IOException {
    underLock(certificates.files().directory(), files -> {
      writeKubeconfig(certificates, port);
      return null;
    });
  }

  private interface LockedWork<T> {
    T run(DevCertificateFiles files) throws IOException;
  }

  private static <T> T underLock(Path certDir, LockedWork<T> work) throws IOException {
    Files.createDirectories(certDir);
    DevCertificateFiles files = new DevCertificateFiles(certDir);
    try (FileChannel lockChannel =
            FileChannel.open(certDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockExclusively(lockChannel)) {
      return work.run(files);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Certificates certificatesIn(DevCertificateFiles files) {
    CertificateAuthority ca = caFrom(files).orElseGet(() -> createCa(files));
    IssuedCertificate serving =
        validLeaf(files.servingCertificate(), files.servingKey(), ca)
            .orElseGet(
                () ->
                    write(
                        files.servingCertificate(),
                        files.servingKey(),
                        ca.issueServing("localhost", servingDnsNames, servingAddresses, LEAF_VALIDITY)));
    IssuedCertificate admin =
        validLeaf(files.adminCertificate(), files.adminKey(), ca)
            .orElseGet(
                () ->
                    write(
                        files.adminCertificate(),
                        files.adminKey(),
                        ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP), LEAF_VALIDITY)));
    LOG.debug("dev certificates in {}: serving {}", files.directory(), serving.certificate().getSubjectX500Principal());
    return new Certificates(files, ca.certificate(), admin);
  }

  private static void writeKubeconfig(Certificates certificates, int port) throws IOException {
    DevCertificateFiles files = certificates.files();
    String kubeconfig = AdminKubeconfig.render(certificates.ca(), certificates.admin(), port);
    if (!kubeconfig.equals(readIfExists(files.adminKubeconfig()))) {
      AtomicFiles.write(files.adminKubeconfig(), kubeconfig, AtomicFiles.OWNER_ONLY);
      LOG.info("wrote {} for https://127.0.0.1:{}", files.adminKubeconfig(), port);
    }
  }

  /**
   * Waits for the directory's lock. The OS lock keeps other processes out; inside this JVM the lock table
   * refuses a second holder with {@link OverlappingFileLockException} instead of blocking, so retry until the
   * other thread is done (a short wait, the work under the lock takes milliseconds).
   */
  private static FileLock lockExclusively(FileChannel channel) throws IOException {
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException heldInThisJvm) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for the lock on " + channel);
        }
      }
    }
  }

  private Optional<CertificateAuthority> caFrom(DevCertificateFiles files) {
    return read(files.caCertificate(), files.caKey())
        .filter(this::fresh)
        .filter(pair -> pair.certificate().getBasicConstraints() >= 0)
        .map(pair -> CertificateAuthority.of(pair, clock));
  }

  private CertificateAuthority createCa(DevCertificateFiles files) {
    CertificateAuthority ca =
        CertificateAuthority.create("apiserver-dev-ca@" + clock.instant().getEpochSecond(), CA_VALIDITY, clock);
    write(files.caCertificate(), files.caKey(), ca.certificateAndKey());
    // Leaves of an older CA no longer verify: remove them so that they are issued again from the new CA.
    deleteIfExists(files.servingCertificate());
    deleteIfExists(files.adminCertificate());
    LOG.info("created a development CA in {}", files.caCertificate());
    return ca;
  }

  private Optional<IssuedCertificate> validLeaf(Path certFile, Path keyFile, CertificateAuthority ca) {
    return read(certFile, keyFile).filter(this::fresh).filter(pair -> signedBy(pair.certificate(), ca));
  }

  private boolean fresh(IssuedCertificate pair) {
    Instant now = clock.instant();
    return pair.certificate().getNotBefore().toInstant().isBefore(now)
        && pair.certificate().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
  }

  private static boolean signedBy(X509Certificate leaf, CertificateAuthority ca) {
    try {
      leaf.verify(ca.certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The pair in these files, or empty when either is missing or unreadable (then it is issued again: the
   * directory belongs to the development server, nothing else writes there).
   */
  private static Optional<IssuedCertificate> read(Path certFile, Path keyFile) {
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return Optional.empty();
    }
    try {
      X509Certificate certificate = Pem.readCertificates(certFile).get(0);
      PrivateKey key = Pem.readPrivateKey(keyFile);
      return Optional.of(new IssuedCertificate(certificate, key));
    } catch (IOException | CertificateException e) {
      LOG.warn("replacing unreadable {} / {}: {}", certFile, keyFile, e.getMessage());
      return Optional.empty();
    }
  }

  private static IssuedCertificate write(Path certFile, Path keyFile, IssuedCertificate pair) {
    try {
      // Key first: a reader that sees the new certificate then also finds the matching key.
      AtomicFiles.write(keyFile, pair.privateKeyPem(), AtomicFiles.OWNER_ONLY);
      AtomicFiles.write(certFile, pair.certificatePem(), AtomicFiles.WORLD_READABLE);
      return pair;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }
}
