package dev.aggregation.apiserver.filters;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Stages run in order on one thread until one answers the request; when all let it go on, the request goes to
 * the handler given, on the same thread.
 */
public final class StageChain implements Handler<RoutingContext> {
  private final List<RequestStage> stages;
  private final Handler<RoutingContext> admitted;

  /** @param admitted what serves a request every stage let go on */
  public StageChain(List<RequestStage> stages, Handler<RoutingContext> admitted) {
    this.stages = List.copyOf(stages);
    this.admitted = admitted;
  }

  @Override
  public void handle(RoutingContext ctx) {
    for (RequestStage stage : stages) {
      if (!stage.admit(ctx)) {
        return;
      }
    }
    admitted.handle(ctx);
  }
}
