package dev.aggregation.bench.load;

import java.io.IOException;
import java.time.Duration;

/** The CPU time (user and system) something has used so far: a process, or this JVM. */
@FunctionalInterface
public interface CpuMeter {
  Duration used() throws IOException;
}
