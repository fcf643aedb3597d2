package dev.aggregation.apiserver.filters;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Stages run in order on one thread until one answers the request; the request goes on when all let it. */
public final class StageChain implements Handler<RoutingContext> {
  private final List<RequestStage> stages;

  public StageChain(List<RequestStage> stages) {
    this.stages = List.copyOf(stages);
  }

  @Override
  public void handle(RoutingContext ctx) {
    for (RequestStage stage : stages) {
      if (!stage.admit(ctx)) {
        return;
      }
    }
    ctx.next();
  }
}
