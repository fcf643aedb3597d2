package dev.aggregation.apiserver.endpoints.health;

import java.util.Objects;

/**
 * The outcome of one health check. The reason of a failure goes to the log and to the check's own
 * endpoint ({@code /healthz/<check>}), never to the public aggregate endpoints.
 */
public record CheckResult(boolean healthy, String reason) {
  private static final CheckResult OK = new CheckResult(true, "");

  public CheckResult {
    Objects.requireNonNull(reason, "reason");
    if (!healthy && reason.isBlank()) {
      throw new IllegalArgumentException("a failed check must say why");
    }
  }

  public static CheckResult ok() {
    return OK;
  }

  public static CheckResult failed(String reason) {
    return new CheckResult(false, reason);
  }
}
