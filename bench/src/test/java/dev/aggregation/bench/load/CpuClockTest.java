package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real processes, real /proc. The timeouts only keep a broken clock from hanging the build; nothing asserts time. */
class CpuClockTest {
  /** A shell loop of a fixed count of steps: some hundreds of milliseconds of CPU, then it exits. */
  private static final List<String> BOUNDED_WORK = List.of("sh", "-c", "i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done");

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aLiveProcessBurningCpuHasUsedSome() throws Exception {
    CpuClock clock = CpuClock.system();
    Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      Duration used = Duration.ZERO;
      while (used.isZero()) { // a tick is 10 ms: poll until the first has been counted
        Thread.sleep(20);
        used = clock.of(busy.pid());
      }

      assertThat(used).isPositive();
    } finally {
      busy.destroyForcibly().waitFor();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theReapedChildrenTimeGrowsOnceAChildThatUsedCpuHasExited() throws Exception {
    CpuClock clock = CpuClock.system();
    Duration before = clock.reapedChildren();

    Process child = new ProcessBuilder(BOUNDED_WORK).start();
    assertThat(child.waitFor()).isZero();

    assertThat(clock.reapedChildren()).isGreaterThan(before);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aChildThatRanToItsEndAloneHasItsCpuCounted() throws Exception {
    ExitedChildCpu window = ExitedChildCpu.before(CpuClock.system());

    Process child = new ProcessBuilder(BOUNDED_WORK).start();
    assertThat(child.waitFor()).isZero();

    assertThat(window.after(child)).hasValueSatisfying(used -> assertThat(used).isPositive());
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aChildWhoseSiblingEndedMeanwhileHasNoCpuOfItsOwn() throws Exception {
    Process sibling = new ProcessBuilder("sleep", "600").start();
    try {
      ExitedChildCpu window = ExitedChildCpu.before(CpuClock.system());
      Process child = new ProcessBuilder(BOUNDED_WORK).start();
      sibling.destroyForcibly().waitFor();
      assertThat(child.waitFor()).isZero();

      Optional<Duration> used = window.after(child);

      assertThat(used).isEmpty();
    } finally {
      sibling.destroyForcibly().waitFor();
    }
  }

  @Test
  void thisJvmsMeterCountsItsOwnCpu() throws Exception {
    CpuClock clock = new CpuClock(100);

    assertThat(clock.thisJvm().used()).as("this JVM has compiled and run this test").isPositive();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theCompilerThreadsOfThisJvmHaveCompiledSomethingAndAreNoMoreThanTheWholeJvm() throws Exception {
    CpuClock clock = CpuClock.system();
    long self = ProcessHandle.current().pid();
    Duration compilers = clock.compilerThreads(self).used();
    Duration whole = clock.of(self);

    // JUnit's own start-up is compiled code by now: the JIT has used CPU, and part of the JVM's
    assertThat(compilers).isPositive().isLessThanOrEqualTo(whole);
  }

  @Test
  void theCompilerThreadsOfAnEndedProcessCannotBeRead() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();

    assertThatThrownBy(() -> CpuClock.system().compilerThreads(ended.pid()).used()).isInstanceOf(IOException.class)
        .hasMessageContaining("has exited");
  }
}
