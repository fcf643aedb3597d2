package dev.aggregation.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU time of one child process that runs to its end (wrk), which cannot be read from {@code /proc/<pid>} once
 * it has exited: this JVM's reaped-children time before the child starts and after {@link Process#waitFor()} has
 * returned. That difference is the child's only if no other child of this JVM ended in between; a child that lived
 * before and is gone after shows one did, and then the reading is refused. (A second child both started and ended
 * inside the window would go unseen; the bench starts none while wrk runs.)
 */
final class ExitedChildCpu {
  private final CpuClock clock;
  private final Set<Long> childrenBefore;
  private final Duration reapedBefore;

  private ExitedChildCpu(CpuClock clock, Set<Long> childrenBefore, Duration reapedBefore) {
    this.clock = clock;
    this.childrenBefore = childrenBefore;
    this.reapedBefore = reapedBefore;
  }

  /** Opens the window: call before starting the child. */
  static ExitedChildCpu before(CpuClock clock) throws IOException {
    Set<Long> children = liveChildren();
    return new ExitedChildCpu(clock, children, clock.reapedChildren());
  }

  /**
   * Closes the window once {@code child} has been waited for: its CPU time, or empty if another child of this JVM
   * ended in the window too (their times are summed by the kernel and cannot be told apart).
   */
  Optional<Duration> after(Process child) throws IOException {
    if (child.isAlive()) {
      throw new IllegalStateException("process " + child.pid() + " has not exited: its CPU time is not yet reaped");
    }
    Duration reaped = clock.reapedChildren().minus(reapedBefore);
    Set<Long> ended = new HashSet<>(childrenBefore);
    ended.add(child.pid());
    ended.removeAll(liveChildren());
    if (!ended.equals(Set.of(child.pid()))) {
      System.err.println("the CPU time of process " + child.pid() + " is not counted: children " + ended
          + " of this JVM ended while it ran, and the kernel sums their times");
      return Optional.empty();
    }
    return Optional.of(reaped);
  }

  private static Set<Long> liveChildren() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }
}
