package dev.aggregation.operator.runtime;

import io.javaoperatorsdk.operator.RuntimeInfo;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the kubelet's probes ask, answered from JOSDK's runtime info. Readiness: the operator started and every
 * informer is watching. A replica waiting for the Lease is ready too: its informers run, it only does not
 * reconcile, and a rolling update (new pod before old pod goes) would never finish if it had to lead first.
 * Liveness fails only once started with an informer that stopped: restarting is then the way back.
 */
public final class HealthChecks {
  /** The answer to one probe: its HTTP status and a short text saying why. */
  public record Result(boolean healthy, String detail) {
    public int status() {
      return healthy ? 200 : 503;
    }
  }

  private final Supplier<RuntimeInfo> runtimeInfo;

  public HealthChecks(Supplier<RuntimeInfo> runtimeInfo) {
    this.runtimeInfo = runtimeInfo;
  }

  public Result liveness() {
    RuntimeInfo info = runtimeInfo.get();
    if (!info.isStarted() || info.allEventSourcesAreHealthy()) {
      return new Result(true, "ok");
    }
    return new Result(false, "unhealthy event sources: " + describe(info.unhealthyEventSources()));
  }

  public Result readiness() {
    RuntimeInfo info = runtimeInfo.get();
    if (!info.isStarted()) {
      return new Result(false, "operator not started");
    }
    if (!info.allEventSourcesAreHealthy()) {
      return new Result(false, "unhealthy event sources: " + describe(info.unhealthyEventSources()));
    }
    return new Result(true, "ok");
  }

  private static String describe(Map<String, ? extends Map<String, ?>> unhealthy) {
    StringBuilder text = new StringBuilder();
    unhealthy.forEach((controller, sources) -> sources.keySet()
        .forEach(source -> text.append(text.isEmpty() ? "" : ", ").append(controller).append('/').append(source)));
    return text.toString();
  }
}
