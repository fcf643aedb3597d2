package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate arrives the way kubelet writes a Secret volume: a new timestamped directory, then an
 * atomic rename of the {@code ..data} symlink, the files themselves being links through it. With a poll interval
 * of an hour, only the directory watch can make the reloader serve it.
 */
class CertificateReloaderTest {
  @TempDir Path volume;
  private final Vertx vertx = Vertx.vertx();
  private CertificateReloader reloader;

  @AfterEach
  void stop() throws Exception {
    if (reloader != null) {
      reloader.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void servesASecretVolumeUpdateWithoutWaitingForThePollInterval() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("ca", Duration.ofHours(1), Clock.systemUTC());
    writeVolume(ca.issueServing("first", List.of("localhost"), List.of(InetAddress.getLoopbackAddress()),
        Duration.ofHours(1)), "..first");
    Path cert = volume.resolve("tls.crt");
    Path key = volume.resolve("tls.key");
    Files.createSymbolicLink(cert, Path.of("..data", "tls.crt"));
    Files.createSymbolicLink(key, Path.of("..data", "tls.key"));
    ServingCertificate first = ServingCertificate.read(cert, key);
    TlsServerOptions tls = new TlsServerOptions(first, TlsVersion.TLS12, List.of(), List::of);
    reloader = new CertificateReloader(vertx, tls, cert, key, first).start(Duration.ofHours(1));

    IssuedCertificate renewed = ca.issueServing("renewed", List.of("localhost"),
        List.of(InetAddress.getLoopbackAddress()), Duration.ofHours(1));
    writeVolume(renewed, "..second");

    await("the renewed certificate is served").atMost(Duration.ofSeconds(30))
        .until(() -> reloader.current().leaf().equals(renewed.certificate()));
    assertThat(reloader.current().leaf().getSubjectX500Principal().getName()).isEqualTo("CN=renewed");
  }

  /** kubelet's AtomicWriter: the content in a new directory, then {@code ..data} renamed onto it. */
  private void writeVolume(IssuedCertificate certificate, String directory) throws Exception {
    Path content = Files.createDirectory(volume.resolve(directory));
    Files.writeString(content.resolve("tls.crt"), certificate.certificatePem());
    Files.writeString(content.resolve("tls.key"), certificate.privateKeyPem());
    Path staged = Files.createSymbolicLink(volume.resolve("..data_tmp"), Path.of(directory));
    Files.move(staged, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
