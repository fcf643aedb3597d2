package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * --max-requests-inflight and --max-mutating-requests-inflight: beyond them a request gets 429 with
 * Retry-After 1, as kube-apiserver's max-in-flight filter answers. Long-running requests (watches) do not
 * count, and neither do health probes, which must keep answering under load.
 */
public final class MaxInFlightHandler implements Handler<RoutingContext> {
  private static final Set<String> MUTATING = Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final Set<String> EXEMPT_PATHS = Set.of("/healthz", "/livez", "/readyz");

  private final int maxReadOnly;
  private final int maxMutating;
  private final AtomicInteger readOnly = new AtomicInteger();
  private final AtomicInteger mutating = new AtomicInteger();

  /** A limit of 0 means unlimited, as in Kubernetes. */
  public MaxInFlightHandler(int maxReadOnly, int maxMutating) {
    this.maxReadOnly = maxReadOnly;
    this.maxMutating = maxMutating;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestInfo info = RequestContext.requestInfo(ctx).orElseThrow();
    if (info.verb().equals("watch") || EXEMPT_PATHS.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    boolean isMutating = MUTATING.contains(info.verb());
    AtomicInteger counter = isMutating ? mutating : readOnly;
    int limit = isMutating ? maxMutating : maxReadOnly;
    int now = counter.incrementAndGet();
    if (limit > 0 && now > limit) {
      counter.decrementAndGet();
      StatusResponse.write(ctx.response(), ApiErrors.tooManyRequests(1));
      return;
    }
    ctx.addEndHandler(done -> counter.decrementAndGet());
    ctx.next();
  }

  public int inFlight(boolean mutatingRequests) {
    return (mutatingRequests ? mutating : readOnly).get();
  }
}
