package dev.aggregation.apiserver.endpoints.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LogCheckTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @Test
  void failsWhenNoFlushFinishedForTwoMinutes() throws Exception {
    Vertx vertx = Vertx.vertx();
    ManualClock clock = new ManualClock();
    try (LogCheck check = new LogCheck(vertx, clock)) {
      assertThat(check.check().healthy()).isTrue();

      clock.now.set(clock.now.get().plus(Duration.ofMinutes(2)));

      assertThat(check.check()).isEqualTo(CheckResult.failed("logging blocked"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
