package dev.aggregation.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of processes on this Linux machine, from {@code /proc/<pid>/stat}: what a live process has used so far,
 * and what the children this JVM has reaped used in all.
 */
public final class CpuClock {
  /** Linux's USER_HZ on every architecture a JVM runs on; used only if {@code getconf} cannot be run. */
  static final long USUAL_TICKS_PER_SECOND = 100;

  private final long ticksPerSecond;

  CpuClock(long ticksPerSecond) {
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException("clock ticks per second must be positive: " + ticksPerSecond);
    }
    this.ticksPerSecond = ticksPerSecond;
  }

  /** This machine's clock, its tick rate asked once of {@code getconf CLK_TCK}. */
  public static CpuClock system() throws InterruptedException {
    return new CpuClock(ticksPerSecond());
  }

  private static long ticksPerSecond() throws InterruptedException {
    Process getconf;
    try {
      getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    } catch (IOException noGetconf) {
      System.err.println("cannot run getconf (" + noGetconf.getMessage() + "); counting " + USUAL_TICKS_PER_SECOND
          + " clock ticks per second");
      return USUAL_TICKS_PER_SECOND;
    }
    try {
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int exit = getconf.waitFor();
      if (exit != 0 || !out.matches("[0-9]+")) {
        throw new IllegalStateException("getconf CLK_TCK exited with " + exit + " saying: " + out);
      }
      return Long.parseLong(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read getconf CLK_TCK's answer", e);
    }
  }

  /** User plus system time process {@code pid} (alive) has used so far, all its threads. */
  public Duration of(long pid) throws IOException {
    return ticks(stat(Long.toString(pid)).ownTicks());
  }

  /** A meter of process {@code pid}, which must still be alive whenever it is read. */
  public CpuMeter meter(long pid) {
    return () -> of(pid);
  }

  /** A meter of this JVM: all its threads (compiler and collector included), not its children. */
  public CpuMeter thisJvm() {
    return () -> ticks(stat("self").ownTicks());
  }

  /**
   * User plus system time of this JVM's children that have exited and been reaped (the process reaper's waitpid,
   * before {@link Process#waitFor()} returns), all together since this JVM started.
   */
  public Duration reapedChildren() throws IOException {
    return ticks(stat("self").reapedChildrenTicks());
  }

  /**
   * A meter of the JIT compiler threads (HotSpot's "C1 CompilerThread" and "C2 CompilerThread", whose names Linux
   * cuts to 15 characters) of the live JVM {@code pid}: how much it is still compiling.
   */
  public CpuMeter compilerThreads(long pid) {
    return () -> {
      long ticks = 0;
      Path tasks = Path.of("/proc", Long.toString(pid), "task");
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
        for (Path thread : threads) {
          String name;
          String stat;
          try {
            name = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8).trim();
            stat = Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8);
          } catch (NoSuchFileException ended) {
            continue; // a thread that ended between the listing and the read: HotSpot may retire idle compiler threads
          }
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            ticks += ProcStat.parse(stat).ownTicks();
          }
        }
      } catch (NoSuchFileException gone) {
        throw new IOException("no " + tasks + ": process " + pid + " has exited, its compiler threads can no longer be read", gone);
      }
      return ticks(ticks);
    };
  }

  private Duration ticks(long ticks) {
    return Duration.ofNanos(Math.multiplyExact(ticks, 1_000_000_000L) / ticksPerSecond);
  }

  private static ProcStat stat(String process) throws IOException {
    Path file = Path.of("/proc", process, "stat");
    try {
      return ProcStat.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException gone) {
      throw new IOException("no " + file + ": process " + process + " has exited, its CPU time can no longer be read", gone);
    }
  }
}
