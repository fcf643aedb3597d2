package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Runs the steps in order until one answers the request; when all let it go on, the {@link AdmittedHandler}
 * serves it, or the router's next route when it is not the handler's. Mounted as a plain (event-loop) route: it
 * goes as far as it can without blocking there, and hands the rest, from the first step that would block, to one
 * worker thread. A request whose credentials and decision are cached and whose object is in the watch cache
 * never leaves the event loop; any other costs one hand-over.
 */
public final class StageChain implements Handler<RoutingContext> {
  private final List<RequestStage> stages;
  private final AdmittedHandler admitted;

  public StageChain(List<RequestStage> stages, AdmittedHandler admitted) {
    this.stages = List.copyOf(stages);
    this.admitted = admitted;
  }

  @Override
  public void handle(RoutingContext ctx) {
    int stage = 0;
    try {
      for (; stage < stages.size(); stage++) {
        if (!stages.get(stage).admitWithoutBlocking(ctx)) {
          return;
        }
      }
      if (!admitted.serveWithoutBlocking(ctx)) {
        ctx.next();
      }
    } catch (WouldBlock wouldBlock) {
      continueOnWorker(ctx, stage);
    }
  }

  private void continueOnWorker(RoutingContext ctx, int firstStage) {
    Context eventLoop = ctx.vertx().getOrCreateContext();
    ctx.vertx().executeBlocking(() -> {
      for (int stage = firstStage; stage < stages.size(); stage++) {
        if (!stages.get(stage).admit(ctx)) {
          return null;
        }
      }
      if (!admitted.serve(ctx)) {
        // the router's other routes expect the event loop
        eventLoop.runOnContext(v -> ctx.next());
      }
      return null;
    }, false).onFailure(ctx::fail);
  }
}
