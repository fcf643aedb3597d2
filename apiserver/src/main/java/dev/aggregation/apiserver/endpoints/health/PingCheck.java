package dev.aggregation.apiserver.endpoints.health;

/** {@code ping}: healthy whenever the server answers at all. */
public final class PingCheck implements HealthCheck {
  @Override
  public String name() {
    return "ping";
  }

  @Override
  public CheckResult check() {
    return CheckResult.ok();
  }
}
