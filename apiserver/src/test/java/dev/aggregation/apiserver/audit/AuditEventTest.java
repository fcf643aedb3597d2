package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  @Test
  void microTimeWritesWhatTheFormatterWrites() {
    SplittableRandom random = new SplittableRandom(8);
    Instant earliest = Instant.parse("1000-01-01T00:00:00Z");
    Instant latest = Instant.parse("9999-12-31T23:59:59.999999999Z");
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(earliest.getEpochSecond(), latest.getEpochSecond() + 1), random.nextInt(1_000_000_000));
      assertThat(AuditEvent.microTime(instant)).as("%s", instant).isEqualTo(AuditEvent.MICRO_TIME.format(instant));
    }
  }

  @Test
  void microTimeTruncatesToMicrosecondsAndPadsEveryField() {
    assertThat(AuditEvent.microTime(Instant.parse("2026-01-02T03:04:05.000007999Z"))).isEqualTo("2026-01-02T03:04:05.000007Z");
    assertThat(AuditEvent.microTime(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("1970-01-01T00:00:00.000000Z");
  }

  @Test
  void microTimeOfAYearBeyondFourDigitsIsTheFormatters() {
    Instant far = Instant.parse("+12026-01-02T03:04:05.123456Z");

    assertThat(AuditEvent.microTime(far)).isEqualTo(AuditEvent.MICRO_TIME.format(far));
  }
}
