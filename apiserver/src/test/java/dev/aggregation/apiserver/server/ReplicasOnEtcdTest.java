package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.storage.etcd.EtcdProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two apiserver replicas on one etcd, over HTTPS as clients see them: a write on one is read on the other, an
 * update on one with a resourceVersion the other replaced gets 409, and with etcd down each replica is unready
 * but alive.
 */
class ReplicasOnEtcdTest {

  private static final String TOKEN = "replica-admin-token";
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static EtcdProcess etcd;
  private static Replica a;
  private static Replica b;

  @BeforeAll
  static void startReplicas() throws Exception {
    etcd = EtcdProcess.start();
    Path tokens = Files.writeString(dir.resolve("tokens.csv"), TOKEN + ",admin,admin-uid,\"system:masters\"\n");
    a = Replica.start(dir.resolve("a"), tokens);
    b = Replica.start(dir.resolve("b"), tokens);
  }

  @AfterAll
  static void stopReplicas() {
    for (AutoCloseable closeable : new AutoCloseable[] {a, b, etcd}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void anObjectCreatedOnOneReplicaIsServedByTheOther() throws Exception {
    HttpResponse<String> created = a.send("POST", FLUNDERS, flunder("shared"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    HttpResponse<String> read = b.send("GET", FLUNDERS + "/shared", null);

    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(resourceVersion(read)).isEqualTo(resourceVersion(created));
  }

  @Test
  void anUpdateOnOneReplicaWithTheResourceVersionTheOtherReplacedIsAConflict() throws Exception {
    HttpResponse<String> created = a.send("POST", FLUNDERS, flunder("contended"));
    ObjectNode original = (ObjectNode) JSON.readTree(created.body());
    ObjectNode firstEdit = original.deepCopy();
    firstEdit.with("spec").put("reference", "first");
    HttpResponse<String> updatedOnA = a.send("PUT", FLUNDERS + "/contended", firstEdit.toString());
    assertThat(updatedOnA.statusCode()).as(updatedOnA.body()).isEqualTo(200);

    ObjectNode staleEdit = original.deepCopy();
    staleEdit.with("spec").put("reference", "second");
    HttpResponse<String> conflict = b.send("PUT", FLUNDERS + "/contended", staleEdit.toString());

    assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
    JsonNode status = JSON.readTree(conflict.body());
    assertThat(status.path("reason").asText()).isEqualTo("Conflict");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "Operation cannot be fulfilled on flunders.wardle.example.com \"contended\": the object has been"
                + " modified; please apply your changes to the latest version and try again");
    HttpResponse<String> onB = b.send("GET", FLUNDERS + "/contended", null);
    assertThat(JSON.readTree(onB.body()).path("spec").path("reference").asText()).isEqualTo("first");
  }

  @Test
  void withEtcdDownAReplicaIsNotReadyButAliveAndRequestsFailWithAServerError() throws Exception {
    etcd.stop();
    try {
      HttpResponse<String> ready = a.send("GET", "/readyz?verbose", null);
      HttpResponse<String> alive = a.send("GET", "/livez", null);
      HttpResponse<String> list = b.send("GET", FLUNDERS, null);

      assertThat(ready.statusCode()).isEqualTo(500);
      assertThat(ready.body()).contains("[-]etcd failed: reason withheld");
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(list.statusCode()).as(list.body()).isGreaterThanOrEqualTo(500);
    } finally {
      etcd.restart();
    }
    awaitReady(a);
    awaitReady(b);
    assertThat(b.send("GET", FLUNDERS, null).statusCode()).isEqualTo(200);
  }

  @Test
  void eachReplicaServesThroughItsWatchCacheAndReportsItOnReadyz() throws Exception {
    awaitReady(a);

    HttpResponse<String> ready = a.send("GET", "/readyz?verbose", null);

    assertThat(ready.body()).contains("[+]etcd ok", "[+]watch-cache ok");
    assertThat(a.send("GET", "/livez?verbose", null).body()).doesNotContain("watch-cache");
  }

  private static void awaitReady(Replica replica) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (replica.send("GET", "/readyz", null).statusCode() != 200) {
      assertThat(System.nanoTime()).as("the replica became ready again within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String flunder(String name) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{}}";
  }

  private static String resourceVersion(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("metadata").path("resourceVersion").asText();
  }

  /** One apiserver process's worth: its own certificates and port, the shared etcd. */
  private record Replica(ApiServer server, HttpClient http) implements AutoCloseable {

    static Replica start(Path root, Path tokens) throws Exception {
      Path certDir = Files.createDirectories(root.resolve("certificates"));
      ServerConfig flags =
          ((CommandLineResult.Run)
                  ServerOptions.parse(
                      "--standalone",
                      "--bind-address=127.0.0.1",
                      // the flags refuse port 0 like Kubernetes does; the port is replaced below
                      "--secure-port=8443",
                      "--cert-dir=" + certDir,
                      "--token-auth-file=" + tokens,
                      "--etcd-servers=" + etcd.endpoint()))
              .config();
      ApiServer server =
          ApiServer.builder(onEphemeralPort(flags))
              .group(WardleApi.group())
              .admissionPlugins(WardleApi::admissionPlugins)
              .start();
      return new Replica(server, client(certDir.resolve("ca.crt")));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + TOKEN)
              .header("Accept", "application/json");
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      server.close();
    }

    private static HttpClient client(Path ca) throws Exception {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (X509Certificate certificate : Pem.readCertificates(ca)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static ServerConfig onEphemeralPort(ServerConfig config) {
      ServerConfig.Serving s = config.serving();
      return new ServerConfig(
          config.standalone(),
          new ServerConfig.Serving(
              s.bindAddress(), 0, s.certDir(), s.tlsCertFile(), s.tlsPrivateKeyFile(), s.tlsMinVersion(), s.tlsCipherSuites()),
          config.storage(),
          config.authentication(),
          config.authorization(),
          config.limits(),
          config.admission(),
          config.audit(),
          config.kubeconfig());
    }
  }
}
