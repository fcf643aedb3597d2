package dev.aggregation.apiserver.endpoints.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
  private final AtomicReference<CheckResult> storage = new AtomicReference<>(CheckResult.ok());
  private final AtomicReference<CheckResult> shutdown = new AtomicReference<>(CheckResult.ok());
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    HealthEndpoints endpoints =
        new HealthEndpoints(
            List.of(new PingCheck(), HealthCheck.of("etcd", storage::get)),
            List.of(HealthCheck.of("shutdown", shutdown::get)));
    server = TestServer.start(endpoints::mount);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void answersOkAsPlainText() throws Exception {
    for (String path : List.of("/healthz", "/livez", "/readyz")) {
      HttpResponse<String> response = server.get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).isEqualTo("ok");
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void listsEveryCheckWhenVerbose() throws Exception {
    assertThat(server.get("/healthz?verbose").body()).isEqualTo("[+]ping ok\n[+]etcd ok\nhealthz check passed\n");
    assertThat(server.get("/readyz?verbose").body())
        .isEqualTo("[+]ping ok\n[+]etcd ok\n[+]shutdown ok\nreadyz check passed\n");
  }

  @Test
  void withholdsTheReasonOfAFailure() throws Exception {
    storage.set(CheckResult.failed("context deadline exceeded"));

    HttpResponse<String> response = server.get("/livez");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("[+]ping ok\n[-]etcd failed: reason withheld\nlivez check failed\n");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void failsReadinessOnlyOnReadinessChecks() throws Exception {
    shutdown.set(CheckResult.failed("process is shutting down"));

    assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(server.get("/readyz").body())
        .isEqualTo("[+]ping ok\n[+]etcd ok\n[-]shutdown failed: reason withheld\nreadyz check failed\n");
  }

  @Test
  void skipsExcludedChecksAndWarnsAboutUnknownOnes() throws Exception {
    storage.set(CheckResult.failed("down"));

    HttpResponse<String> response = server.get("/healthz?verbose&exclude=etcd&exclude=nope");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "[+]ping ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for \"nope\"\nhealthz check passed\n");
  }

  @Test
  void servesEachCheckWithItsReason() throws Exception {
    storage.set(CheckResult.failed("connection refused"));

    assertThat(server.get("/readyz/ping").body()).isEqualTo("ok");
    HttpResponse<String> failed = server.get("/readyz/etcd");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("internal server error: connection refused\n");
  }

  @Test
  void leavesUnknownChecksToTheRoutersNotFound() throws Exception {
    assertThat(server.get("/healthz/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void countsAThrowingCheckAsFailed() throws Exception {
    HealthEndpoint endpoint =
        new HealthEndpoint("healthz", List.of(HealthCheck.of("broken", () -> {
          throw new IllegalStateException("boom");
        })));

    HealthEndpoint.Report report = endpoint.report(List.of());

    assertThat(report.failed()).containsExactly("broken");
  }
}
