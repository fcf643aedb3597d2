package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * One step of the request path that either lets the request go on or answers it itself (a 401, a 403). The
 * security steps run together in one {@link StageChain}: on the event loop while each can answer without blocking
 * (a local rule, a cached review), on one worker thread from the first that cannot. On a two-core machine the
 * thread hand-overs, not the checks, were most of a cached request's cost.
 */
@FunctionalInterface
public interface RequestStage {
  /** Runs the step, on a worker thread (it may block): true to go on, false when the step has answered (or failed) the request. */
  boolean admit(RoutingContext ctx);

  /**
   * What {@link #admit} does, on the event loop, when the step can do it without blocking; else {@link WouldBlock}
   * before doing anything. By default a step may block.
   */
  default boolean admitWithoutBlocking(RoutingContext ctx) throws WouldBlock {
    throw new WouldBlock("the request step " + getClass().getName());
  }

  /** This step alone as a route handler. */
  default Handler<RoutingContext> asHandler() {
    return ctx -> {
      if (admit(ctx)) {
        ctx.next();
      }
    };
  }

  /** A step that never blocks, such as audit's bookkeeping: it runs as it is on the event loop too. */
  static RequestStage neverBlocking(RequestStage step) {
    return new RequestStage() {
      @Override
      public boolean admit(RoutingContext ctx) {
        return step.admit(ctx);
      }

      @Override
      public boolean admitWithoutBlocking(RoutingContext ctx) {
        return step.admit(ctx);
      }
    };
  }
}
