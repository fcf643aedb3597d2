package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads request bodies up to Kubernetes' 3 MiB limit; a larger one (announced or streamed) is a 413 Status and
 * is never handed on. Uploads are not accepted: bodies are objects, not files.
 */
public final class BodyLimitHandler implements Handler<RoutingContext> {
  public static final long MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

  private final BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BODY_BYTES);

  @Override
  public void handle(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_REQUEST_BODY_BYTES) {
          StatusResponse.write(ctx.response(), ApiErrors.requestEntityTooLarge(MAX_REQUEST_BODY_BYTES));
          return;
        }
      } catch (NumberFormatException e) {
        StatusResponse.write(ctx.response(), ApiErrors.badRequest("invalid Content-Length \"" + length + "\""));
        return;
      }
    }
    bodies.handle(ctx);
  }

  /** Vert.x fails a streamed body past the limit with 413: answer it as a Status. */
  public static void onFailure(RoutingContext ctx) {
    StatusResponse.write(ctx.response(), ApiErrors.requestEntityTooLarge(MAX_REQUEST_BODY_BYTES));
  }
}
