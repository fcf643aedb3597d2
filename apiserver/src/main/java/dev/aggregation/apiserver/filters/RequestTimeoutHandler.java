package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * --request-timeout: a request that is not long-running and has not answered in time gets 504 Timeout, as
 * kube-apiserver's timeout filter answers. Watches are long-running and bound by their own timeout.
 */
public final class RequestTimeoutHandler implements Handler<RoutingContext> {
  private final Duration timeout;

  public RequestTimeoutHandler(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestInfo info = RequestContext.requestInfo(ctx).orElseThrow();
    if (info.verb().equals("watch") || timeout.isZero()) {
      ctx.next();
      return;
    }
    long timer = ctx.vertx().setTimer(timeout.toMillis(), id -> {
      if (!ctx.response().headWritten()) {
        StatusResponse.write(ctx.response(), ApiErrors.timeout("Timeout: request did not complete within the allotted timeout", 0));
      }
    });
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
