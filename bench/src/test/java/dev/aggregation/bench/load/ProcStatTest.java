package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  /** A real line's shape (proc(5)): pid, (comm), state, then fields 4 to 52; utime=1234, stime=567, cutime=89, cstime=10. */
  private static final String LINE = "4242 (my ) odd (name)) S 1 4242 4242 0 -1 4194560 2000 300 0 0 1234 567 89 10 20 0 "
      + "31 0 123456 4000000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

  @Test
  void readsTheCpuFieldsAfterACommandNameHoldingSpacesAndParentheses() {
    ProcStat stat = ProcStat.parse(LINE);

    assertThat(stat).isEqualTo(new ProcStat(1234, 567, 89, 10));
  }

  @Test
  void sumsUserAndSystemTimeOfTheProcessAndOfItsReapedChildrenApart() {
    ProcStat stat = ProcStat.parse(LINE);

    assertThat(new long[] {stat.ownTicks(), stat.reapedChildrenTicks()}).containsExactly(1801, 99);
  }

  @Test
  void refusesALineWithoutACommandName() {
    assertThatThrownBy(() -> ProcStat.parse("4242 S 1 2 3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no command name");
  }

  @Test
  void refusesALineCutShortBeforeTheChildrensTimes() {
    assertThatThrownBy(() -> ProcStat.parse("4242 (sh) S 1 4242 4242 0 -1 4194560 2000 300 0 0 1234 567"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than the 17");
  }
}
