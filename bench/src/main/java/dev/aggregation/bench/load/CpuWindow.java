package dev.aggregation.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The CPU time named meters use between {@link #open} and {@link #perOperation}, shared over the operations done. */
final class CpuWindow {
  private final Map<String, CpuMeter> meters;
  private final Map<String, Duration> start;

  private CpuWindow(Map<String, CpuMeter> meters, Map<String, Duration> start) {
    this.meters = meters;
    this.start = start;
  }

  static CpuWindow open(Map<String, CpuMeter> meters) throws IOException {
    return new CpuWindow(Map.copyOf(meters), read(meters));
  }

  /** Microseconds of each meter's CPU per operation since the window opened, {@code operations} done. */
  Map<String, Double> perOperation(long operations) throws IOException {
    if (operations <= 0 && !meters.isEmpty()) {
      throw new IllegalArgumentException("no operations to share the CPU of " + meters.keySet() + " over: " + operations);
    }
    Map<String, Duration> end = read(meters);
    Map<String, Double> micros = new HashMap<>();
    end.forEach((name, used) -> micros.put(name, used.minus(start.get(name)).toNanos() / 1e3 / operations));
    return Map.copyOf(micros);
  }

  private static Map<String, Duration> read(Map<String, CpuMeter> meters) throws IOException {
    Map<String, Duration> used = new HashMap<>();
    for (Map.Entry<String, CpuMeter> meter : meters.entrySet()) {
      try {
        used.put(meter.getKey(), meter.getValue().used());
      } catch (IOException e) {
        throw new IOException("cannot read the CPU time of " + meter.getKey(), e);
      }
    }
    return used;
  }
}
