package dev.aggregation.apiserver.endpoints.health;

import java.util.function.Supplier;

/**
 * A named health check of {@code /healthz}, {@code /livez} or {@code /readyz}. {@link #check()} may block
 * (it is run on a worker thread, never on an event loop); an exception counts as a failure.
 */
public interface HealthCheck {
  /** The check's name, shown in verbose output and used in {@code ?exclude=} and {@code /<endpoint>/<name>}. */
  String name();

  CheckResult check();

  static HealthCheck of(String name, Supplier<CheckResult> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult check() {
        return check.get();
      }
    };
  }
}
