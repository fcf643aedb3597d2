package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.SecurePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCaAdvertisementTest {
  private static final int LOOPS = 2;

  private final Clock clock = Clock.systemUTC();
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
  private final CertificateAuthority servingCa = CertificateAuthority.create("serving-ca", Duration.ofDays(1), clock);
  private final CertificateAuthority frontProxyCa = CertificateAuthority.create("front-proxy-ca", Duration.ofDays(1), clock);
  private final CertificateAuthority rotatedFrontProxyCa = CertificateAuthority.create("front-proxy-ca-2", Duration.ofDays(1), clock);
  private final AtomicReference<List<X509Certificate>> acceptable = new AtomicReference<>();
  private final AtomicInteger rebuilds = new AtomicInteger();
  private SecurePort port;
  private ClientCaAdvertisement advertisement;

  @BeforeEach
  void listen(@TempDir Path dir) throws Exception {
    IssuedCertificate serving =
        servingCa.issueServing("localhost", List.of("localhost"), List.of(InetAddress.getLoopbackAddress()), Duration.ofDays(1));
    Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
    Files.writeString(dir.resolve("tls.key"), serving.privateKeyPem());
    acceptable.set(List.of(frontProxyCa.certificate()));
    TlsServerOptions tls = new TlsServerOptions(
        ServingCertificate.read(dir.resolve("tls.crt"), dir.resolve("tls.key")), TlsVersion.TLS12, List.of(), acceptable::get);
    port = SecurePort.listen(vertx, tls.httpServerOptions("127.0.0.1", 0), null, request -> request.response().end("ok"), LOOPS);
    advertisement = new ClientCaAdvertisement(vertx, acceptable::get, () -> {
      rebuilds.incrementAndGet();
      return port.rebuildTls();
    });
  }

  @AfterEach
  void close() throws Exception {
    advertisement.close();
    port.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void advertisesARotatedClientCaOnNewConnectionsOfEveryLoop() throws Exception {
    assertThat(advertisedOnNewConnections()).containsExactly(Set.of(subject(frontProxyCa)));

    acceptable.set(List.of(rotatedFrontProxyCa.certificate(), frontProxyCa.certificate()));
    boolean rebuilt = await(advertisement.checkOnce());

    assertThat(rebuilt).isTrue();
    assertThat(advertisedOnNewConnections()).containsExactly(Set.of(subject(rotatedFrontProxyCa), subject(frontProxyCa)));
  }

  @Test
  void leavesTheTlsContextsAloneWhileTheAcceptableCasAreUnchanged() throws Exception {
    acceptable.set(List.of(frontProxyCa.certificate()));

    assertThat(await(advertisement.checkOnce())).isFalse();
    assertThat(rebuilds).hasValue(0);
  }

  @Test
  void checksTheAcceptableCasEveryInterval() throws Exception {
    CountDownLatch rebuilt = new CountDownLatch(1);
    ClientCaAdvertisement periodic = new ClientCaAdvertisement(vertx, acceptable::get, () -> {
      rebuilds.incrementAndGet();
      return port.rebuildTls().onSuccess(done -> rebuilt.countDown());
    }).start(Duration.ofMillis(50));
    try {
      acceptable.set(List.of(rotatedFrontProxyCa.certificate()));

      assertThat(rebuilt.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(advertisedOnNewConnections()).containsExactly(Set.of(subject(rotatedFrontProxyCa)));
      Thread.sleep(200);
      assertThat(rebuilds).as("rebuilt once for one change").hasValue(1);
    } finally {
      periodic.close();
    }
  }

  private static String subject(CertificateAuthority ca) {
    return ca.certificate().getSubjectX500Principal().getName();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The CA lists the server's certificate requests named, over enough new connections to reach every loop. */
  private Set<Set<String>> advertisedOnNewConnections() throws Exception {
    Set<Set<String>> seen = new java.util.HashSet<>();
    for (int i = 0; i < 4 * LOOPS; i++) {
      seen.add(advertisedOnANewConnection());
    }
    return seen;
  }

  private Set<String> advertisedOnANewConnection() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", servingCa.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    RecordingKeyManager keyManager = new RecordingKeyManager();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {keyManager}, trustManagers.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port.port())) {
      socket.startHandshake();
    }
    return keyManager.issuers.get();
  }

  /** Remembers the CAs of the certificate request and presents no certificate, as a client with none of theirs. */
  private static final class RecordingKeyManager extends X509ExtendedKeyManager {
    final AtomicReference<Set<String>> issuers = new AtomicReference<>(Set.of());

    private String record(Principal[] named) {
      issuers.set(named == null ? Set.of() : Arrays.stream(named).map(Principal::getName).collect(Collectors.toSet()));
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] named, Socket socket) {
      return record(named);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] named, SSLEngine engine) {
      return record(named);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] named) {
      record(named);
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] named) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] named, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return null;
    }
  }
}
