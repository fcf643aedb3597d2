package dev.aggregation.bench.load;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Discarded steps of load until the JVM under it has settled: two steps in a row agree on a rate within
 * {@link #SETTLED} and its JIT compiler threads used under {@link #JIT_QUIET} of its CPU in the last one, after at
 * least and at most the seconds given. A fresh JVM spends its first seconds, and with the shipped flags on two
 * cores up to two minutes, compiling: measuring them would report the JIT, not the work. Shared by wrk's runs and
 * the raw jetcd writes, so that every figure of a run is taken after the same warm-up.
 */
final class WarmUp {
  static final int MIN_SECONDS = 10;
  static final int STEP_SECONDS = 5;
  static final int MAX_SECONDS = 120;
  static final double SETTLED = 0.10;
  /**
   * The share of the JVM's CPU its compiler threads may still use in the last step. Not zero: under GET load on two
   * cores C2 was still recompiling hot TLS and Netty methods at 5-8% of the apiserver's CPU after 80 s.
   */
  static final double JIT_QUIET = 0.10;

  private WarmUp() {}

  /** What one discarded step did: how many operations, at what rate. */
  record Step(long operations, double perSecond) {}

  /** One discarded step of load lasting {@code seconds}. */
  @FunctionalInterface
  interface Load {
    Step run(int seconds) throws IOException, InterruptedException;
  }

  /**
   * Runs {@code load} in steps until {@code jvm} (null: none to watch, the rate alone decides) has settled, and says
   * so on standard output, naming the load {@code what} and its rate's {@code unit}.
   */
  static void until(String what, String unit, Wrk.Jvm jvm, int minSeconds, int maxSeconds, Load load)
      throws IOException, InterruptedException {
    double previous = 0;
    for (int spent = STEP_SECONDS; ; spent += STEP_SECONDS) {
      CpuWindow cpu = CpuWindow.open(jvm == null ? Map.of() : Map.of("jvm", jvm.process(), "jit", jvm.compilers()));
      Step step = load.run(STEP_SECONDS);
      double jitShare = jitShare(cpu, step.operations());
      boolean settled = previous > 0 && Math.abs(step.perSecond() - previous) <= SETTLED * previous && jitShare <= JIT_QUIET;
      if ((settled && spent >= minSeconds) || spent >= maxSeconds) {
        System.out.printf(Locale.ROOT, "warmed %s for %d s: %.0f %s in the last step, its JIT %.1f%% of its CPU%n", what, spent,
            step.perSecond(), unit, 100 * jitShare);
        return;
      }
      previous = step.perSecond();
    }
  }

  /** The compiler threads' share of the JVM's CPU in a window over {@code operations}; 0 without a JVM to watch. */
  private static double jitShare(CpuWindow jvm, long operations) throws IOException {
    if (operations <= 0) {
      return 1; // nothing done: not settled
    }
    Map<String, Double> used = jvm.perOperation(operations);
    double process = used.getOrDefault("jvm", 0.0);
    return process <= 0 ? 0 : used.getOrDefault("jit", 0.0) / process;
  }
}
