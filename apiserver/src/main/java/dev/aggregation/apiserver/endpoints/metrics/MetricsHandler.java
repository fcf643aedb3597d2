package dev.aggregation.apiserver.endpoints.metrics;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: the registry in the Prometheus text format. */
public final class MetricsHandler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ApiServerMetrics metrics;

  public MetricsHandler(ApiServerMetrics metrics) {
    this.metrics = metrics;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    // Gauges read MXBeans and the file system (open file descriptors): not event-loop work.
    ctx.vertx()
        .executeBlocking(metrics::scrape, false)
        .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text))
        .onFailure(ctx::fail);
  }
}
