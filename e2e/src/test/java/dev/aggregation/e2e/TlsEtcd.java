package dev.aggregation.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's etcd-server with client TLS and client certificate authentication, as the etcd sample expects
 * (https endpoints, a Secret with ca.crt, tls.crt and tls.key): its own CA, a serving certificate for
 * 127.0.0.1, and a client certificate for the apiserver.
 */
final class TlsEtcd implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/etcd");
  private static final Duration VALIDITY = Duration.ofHours(4);

  private final Process process;
  private final int clientPort;
  private final CertificateAuthority ca;
  private final Path log;

  private TlsEtcd(Process process, int clientPort, CertificateAuthority ca, Path log) {
    this.process = process;
    this.clientPort = clientPort;
    this.ca = ca;
    this.log = log;
  }

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY) || "true".equalsIgnoreCase(System.getenv("CI")),
        "etcd is not installed at " + BINARY + " (apt-get install -y etcd-server)");
  }

  static TlsEtcd start(Path dir) throws Exception {
    Files.createDirectories(dir);
    CertificateAuthority ca = CertificateAuthority.create("etcd-ca", VALIDITY, Clock.systemUTC());
    IssuedCertificate serving = ca.issueServing("etcd", List.of("localhost"),
        List.of(InetAddress.getLoopbackAddress()), VALIDITY);
    Files.writeString(dir.resolve("ca.crt"), dev.aggregation.apiserver.server.tls.Pem.encodeCertificate(ca.certificate()));
    Files.writeString(dir.resolve("server.crt"), serving.certificatePem());
    Files.writeString(dir.resolve("server.key"), serving.privateKeyPem());
    int clientPort = LocalNode.freeLoopbackPort();
    int peerPort = LocalNode.freeLoopbackPort();
    String client = "https://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    Path log = dir.resolve("etcd.log");
    Process process = new ProcessBuilder(
        BINARY.toString(),
        "--name", "e2e",
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client,
        "--advertise-client-urls", client,
        "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "e2e=" + peer,
        "--initial-cluster-state", "new",
        "--cert-file", dir.resolve("server.crt").toString(),
        "--key-file", dir.resolve("server.key").toString(),
        "--trusted-ca-file", dir.resolve("ca.crt").toString(),
        "--client-cert-auth",
        "--logger", "zap",
        "--log-level", "warn")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    TlsEtcd etcd = new TlsEtcd(process, clientPort, ca, log);
    etcd.awaitListening();
    return etcd;
  }

  String endpoint() {
    return "https://127.0.0.1:" + clientPort;
  }

  String caPem() {
    return dev.aggregation.apiserver.server.tls.Pem.encodeCertificate(ca.certificate());
  }

  IssuedCertificate issueClient(String name) {
    return ca.issueClient(name, List.of(), VALIDITY);
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited while starting:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("etcd did not listen on " + clientPort + ":\n" + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
