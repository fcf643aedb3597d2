package dev.aggregation.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void goalMissedWhileItsCeilingMeetsItIsOursToFix() {
    assertThat(Report.verdict(false, true)).isEqualTo("**not met**");
  }

  @Test
  void goalMissedByItsCeilingTooIsTheMachinesLimit() {
    assertThat(Report.verdict(false, false)).isEqualTo("**not met**; the ceiling also misses it: machine limit");
  }

  @Test
  void goalMetIsMetWhateverTheCeiling() {
    assertThat(Report.verdict(true, false)).isEqualTo("met");
  }
}
