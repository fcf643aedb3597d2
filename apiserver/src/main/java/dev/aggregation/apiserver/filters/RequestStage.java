package dev.aggregation.apiserver.filters;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * One step of the request path that either lets the request go on or answers it itself (a 401, a 403). Steps
 * that may block (authentication, impersonation and authorization may call kube-apiserver) run together in one
 * {@link StageChain} on one worker thread: each blocking route of Vert.x costs two thread hand-overs, and on a
 * two-core machine those hand-overs, not the checks, were most of a cached request's cost.
 */
@FunctionalInterface
public interface RequestStage {
  /** Runs the step: true to go on, false when the step has answered (or failed) the request. */
  boolean admit(RoutingContext ctx);

  /** This step alone as a route handler. */
  default Handler<RoutingContext> asHandler() {
    return ctx -> {
      if (admit(ctx)) {
        ctx.next();
      }
    };
  }
}
