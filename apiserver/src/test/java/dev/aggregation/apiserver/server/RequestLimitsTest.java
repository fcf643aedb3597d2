package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --request-timeout (1 s here): a slow request gets a 504 Status, watches outlive the timeout.
 */
class RequestLimitsTest {
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/limits/flunders";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path directory;
  private static TestApiServer server;
  private static X509Certificate servingCa;
  private static IssuedCertificate admin;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.builder(directory)
        .limits(new ServerConfig.Limits(400, 200, Duration.ofSeconds(1), Duration.ofSeconds(1800)))
        .start();
    servingCa = Pem.readCertificates(server.certificates().caCertificate()).get(0);
    admin = new IssuedCertificate(
        Pem.readCertificates(server.certificates().adminCertificate()).get(0), Pem.readPrivateKey(server.certificates().adminKey()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void serverStaysReady() {
    assertThat(server.admin().get("/readyz").status()).isEqualTo(200);
  }

  private static String flunder(String name, String annotation) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name
        + "\",\"annotations\":{\"a\":\"" + annotation + "\"}},\"spec\":{\"reference\":\"r\"}}";
  }

  @Test
  void aRequestSlowerThanTheRequestTimeoutGets504() throws Exception {
    try (RawTlsConnection connection = RawTlsConnection.open(server.port(), servingCa, admin, "http/1.1", PATIENCE)) {
      connection.write("POST " + FLUNDERS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
      String response = connection.readResponse();
      assertThat(response).startsWith("HTTP/1.1 504");
      assertThat(response).contains("\"kind\":\"Status\"").contains("\"reason\":\"Timeout\"").contains("\"code\":504");
    }
  }

  @Test
  void aWatchOutlivesTheRequestTimeout() throws Exception {
    try (WatchStream watch = server.admin().watch(FLUNDERS + "?watch=true")) {
      Thread.sleep(1_500); // past the 1 s request timeout
      assertThat(server.admin().post(FLUNDERS, flunder("after-timeout", "x")).status()).isEqualTo(201);
      assertThat(watch.next().path("object").path("metadata").path("name").asText()).isEqualTo("after-timeout");
    }
  }

}
