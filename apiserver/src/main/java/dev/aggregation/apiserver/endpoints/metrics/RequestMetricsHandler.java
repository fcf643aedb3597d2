package dev.aggregation.apiserver.endpoints.metrics;

import dev.aggregation.apiserver.filters.RequestContext;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;

/**
 * Measures every request: put it early in the chain (before authentication, so that 401s and 403s are
 * counted too). It counts the request as in flight until the response ends, unless it is a watch (long
 * running, not limited by max-in-flight), and records {@code apiserver_request_total} and
 * {@code apiserver_request_duration_seconds} when it ends, with the labels of the request's
 * {@link dev.aggregation.apiserver.filters.RequestInfo} as the later request-info filter set it.
 */
public final class RequestMetricsHandler implements Handler<RoutingContext> {
  private static final Set<HttpMethod> READ_ONLY_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final ApiServerMetrics metrics;

  public RequestMetricsHandler(ApiServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    HttpServerRequest request = ctx.request();
    ApiServerMetrics.RequestKind kind =
        READ_ONLY_METHODS.contains(request.method())
            ? ApiServerMetrics.RequestKind.READ_ONLY
            : ApiServerMetrics.RequestKind.MUTATING;
    boolean longRunning = isWatch(request);
    if (!longRunning) {
      metrics.inflightStarted(kind);
    }
    ctx.addEndHandler(
        ended -> {
          if (!longRunning) {
            metrics.inflightFinished(kind);
          }
          RequestLabels labels =
              RequestLabels.of(
                  RequestContext.requestInfo(ctx).orElse(null),
                  request.method().name(),
                  request.path(),
                  request.getHeader(HttpHeaders.CONTENT_TYPE));
          metrics.recordRequest(labels, ctx.response().getStatusCode(), Duration.ofNanos(System.nanoTime() - started));
        });
    ctx.next();
  }

  /** {@code ?watch=} with any value but false/0, as k8s.io/apiserver's request-info resolver reads it. */
  private static boolean isWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    if (watch != null && !watch.equals("false") && !watch.equals("0")) {
      return true;
    }
    String path = request.path();
    return path.startsWith("/apis/") && path.contains("/watch/");
  }
}
