package dev.aggregation.apiserver.endpoints.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private ApiServerMetrics metrics;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    metrics = new ApiServerMetrics();
    server =
        TestServer.start(
            router -> {
              router.route().handler(new RequestMetricsHandler(metrics));
              // Stands in for the request-info filter, which runs after the metrics handler.
              router
                  .route("/apis/*")
                  .handler(
                      ctx -> {
                        RequestContext.setRequestInfo(
                            ctx,
                            new RequestInfo(true, ctx.request().path(), "list", "apis", "wardle.example.com", "v1alpha1", "default", "flunders", "", ""));
                        ctx.next();
                      });
              router.get("/apis/wardle.example.com/v1alpha1/namespaces/default/flunders").handler(ctx -> ctx.response().end("{}"));
              new MetricsHandler(metrics).mount(router);
            });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    metrics.close();
  }

  @Test
  void countsRequestsWithKubernetesLabels() throws Exception {
    server.get("/apis/wardle.example.com/v1alpha1/namespaces/default/flunders");

    HttpResponse<String> response = server.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains(
            "apiserver_request_total{code=\"200\",component=\"apiserver\",group=\"wardle.example.com\",resource=\"flunders\",scope=\"namespace\",subresource=\"\",verb=\"LIST\",version=\"v1alpha1\"} 1")
        .contains(
            "apiserver_request_duration_seconds_bucket{component=\"apiserver\",group=\"wardle.example.com\",resource=\"flunders\",scope=\"namespace\",subresource=\"\",verb=\"LIST\",version=\"v1alpha1\",le=\"0.005\"}")
        .contains(
            "apiserver_request_duration_seconds_count{component=\"apiserver\",group=\"wardle.example.com\",resource=\"flunders\",scope=\"namespace\",subresource=\"\",verb=\"LIST\",version=\"v1alpha1\"} 1");
  }

  @Test
  void countsTheScrapeItselfAsInFlight() throws Exception {
    String body = server.get("/metrics").body();

    assertThat(body)
        .contains("apiserver_current_inflight_requests{request_kind=\"readOnly\"} 1")
        .contains("apiserver_current_inflight_requests{request_kind=\"mutating\"} 0");
  }

  @Test
  void publishesJvmMetrics() throws Exception {
    assertThat(server.get("/metrics").body())
        .contains("jvm_memory_used_bytes")
        .contains("jvm_threads_live_threads")
        .contains("process_cpu_usage");
  }
}
