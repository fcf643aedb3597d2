package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The first stage: derives the request's {@link RequestInfo} for every later stage, and gives the request its
 * audit ID (kube-apiserver's own when it proxied the request), echoed in the {@code Audit-Id} header.
 */
public final class RequestInfoHandler implements Handler<RoutingContext> {
  public static final String AUDIT_ID_HEADER = "Audit-Id";

  private final RequestInfoResolver resolver = new RequestInfoResolver();

  @Override
  public void handle(RoutingContext ctx) {
    String path;
    try {
      path = RequestPath.decode(ctx.request().path());
    } catch (RequestPath.InvalidPathException e) {
      StatusResponse.write(ctx.response(), ApiErrors.badRequest(e.getMessage()));
      return;
    }
    RequestInfo info;
    try {
      info = resolver.resolve(ctx.request().method().name(), path, ctx.queryParams());
    } catch (RequestInfoException e) {
      StatusResponse.internalError(
          ctx.response(), ctx.request().uri(), new RequestInfoException("failed to create RequestInfo: " + e.getMessage()));
      return;
    }
    RequestContext.setRequestInfo(ctx, info);
    String auditId = ctx.request().getHeader(AUDIT_ID_HEADER);
    if (auditId == null || auditId.isBlank()) {
      auditId = UUID.randomUUID().toString();
    }
    ctx.response().putHeader(AUDIT_ID_HEADER, auditId);
    ctx.next();
  }
}
