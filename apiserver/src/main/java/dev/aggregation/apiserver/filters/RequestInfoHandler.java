package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
      auditId = randomAuditId();
    }
    ctx.response().putHeader(AUDIT_ID_HEADER, auditId);
    ctx.next();
  }

  /**
   * A random (version 4) UUID, as Kubernetes gives a request. Unique, not secret: it is echoed to the client and
   * logged. {@link UUID#randomUUID} draws from the shared SecureRandom on every request, which serialises
   * requests on its lock.
   */
  private static String randomAuditId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
    return new UUID(high, low).toString();
  }
}
