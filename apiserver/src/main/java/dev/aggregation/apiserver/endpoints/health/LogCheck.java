package dev.aggregation.apiserver.endpoints.health;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code log}: fails when logging is blocked, as k8s.io/apiserver's LogHealthz does. Every minute a worker
 * flushes the streams the logger writes to (slf4j-simple writes to stderr); if no flush finished in the last
 * two minutes, a write is stuck (a full pipe, a hung terminal) and every request that logs would hang too.
 */
public final class LogCheck implements HealthCheck, AutoCloseable {
  static final Duration FLUSH_INTERVAL = Duration.ofMinutes(1);
  static final Duration STALE_AFTER = Duration.ofMinutes(2);

  private final Clock clock;
  private final AtomicReference<Instant> lastFlushed;
  private final Vertx vertx;
  private final long timerId;

  public LogCheck(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.lastFlushed = new AtomicReference<>(clock.instant());
    this.timerId =
        vertx.setPeriodic(
            FLUSH_INTERVAL.toMillis(),
            id ->
                vertx.executeBlocking(
                    () -> {
                      System.err.flush();
                      System.out.flush();
                      lastFlushed.set(clock.instant());
                      return null;
                    },
                    false));
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public CheckResult check() {
    Duration sinceFlush = Duration.between(lastFlushed.get(), clock.instant());
    return sinceFlush.compareTo(STALE_AFTER) < 0 ? CheckResult.ok() : CheckResult.failed("logging blocked");
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
  }
}
