package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --max-requests-inflight=1 and --max-mutating-requests-inflight=1. A request is held in flight by a raw client
 * that announces a body and never sends it; beyond the limit of its kind a request gets 429 with Retry-After 1 and a
 * TooManyRequests Status. Watches and health probes do not count, and a closed connection frees its slot.
 */
class MaxInFlightLimitsTest {
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/inflight/flunders";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path directory;
  private static TestApiServer server;
  private static X509Certificate servingCa;
  private static IssuedCertificate admin;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.builder(directory).limits(new ServerConfig.Limits(1, 1, Duration.ofMinutes(1), Duration.ofSeconds(1800))).start();
    servingCa = Pem.readCertificates(server.certificates().caCertificate()).get(0);
    admin = new IssuedCertificate(
        Pem.readCertificates(server.certificates().adminCertificate()).get(0), Pem.readPrivateKey(server.certificates().adminKey()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request whose body never comes: it stays in flight until its connection closes. */
  private static RawTlsConnection hold(String method, String path) throws Exception {
    RawTlsConnection connection = RawTlsConnection.open(server.port(), servingCa, admin, "http/1.1", PATIENCE);
    connection.write(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    return connection;
  }

  private static String flunder(String name) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"reference\":\"r\"}}";
  }

  private static void assertTooManyRequests(Reply reply) {
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.header("Retry-After")).isEqualTo("1");
    ObjectNode status = reply.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("TooManyRequests");
    assertThat(status.path("message").asText()).isEqualTo("Too many requests, please try again later.");
    assertThat(status.path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
  }

  @Test
  void aReadBeyondTheReadOnlyLimitGets429WhileWritesWatchesAndProbesGoOn() throws Exception {
    try (RawTlsConnection held = hold("GET", FLUNDERS)) {
      await().atMost(PATIENCE).until(() -> server.admin().get(FLUNDERS).status() == 429);
      assertTooManyRequests(server.admin().get(FLUNDERS));

      assertThat(server.admin().post(FLUNDERS, flunder("during-read-limit")).status()).isEqualTo(201);
      assertThat(server.admin().get("/readyz").status()).isEqualTo(200);
      List<WatchStream> watches = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          watches.add(server.admin().watch(FLUNDERS + "?watch=true"));
          assertThat(watches.get(i).status()).isEqualTo(200);
        }
      } finally {
        for (WatchStream watch : watches) {
          watch.close();
        }
      }
    }
    await().atMost(PATIENCE).until(() -> server.admin().get(FLUNDERS).status() == 200);
  }

  @Test
  void aWriteBeyondTheMutatingLimitGets429WhileReadsGoOn() throws Exception {
    try (RawTlsConnection held = hold("POST", FLUNDERS)) {
      await().atMost(PATIENCE).until(() -> server.admin().post(FLUNDERS, flunder("refused")).status() == 429);
      assertTooManyRequests(server.admin().post(FLUNDERS, flunder("refused")));

      assertThat(server.admin().get(FLUNDERS).status()).isEqualTo(200);
    }
    await().atMost(PATIENCE).until(() -> server.admin().post(FLUNDERS, flunder("after-release")).status() == 201);
    assertThat(server.admin().get(FLUNDERS + "/refused").status()).isEqualTo(404);
  }
}
