package dev.aggregation.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ceiling in a child JVM of its own, started with the java and JVM flags of an apiserver {@link ChildServer.Launch},
 * so that the ceiling and the server under test differ only in the work they do, not in their JVM, GC or heap.
 * Its inputs are {@link CeilingFiles} in a directory of the bench's scratch space, its output goes to
 * {@value #LOG} there.
 */
public final class CeilingProcess implements Ceiling {
  static final String LOG = "ceiling.log";
  private static final long START_SECONDS = 60;
  private static final long STOP_SECONDS = 10;
  private static final Pattern LISTENING = Pattern.compile("(?m)^" + Pattern.quote(CeilingMain.LISTENING) + "([0-9]+)\\r?\\n");

  private final Process process;
  private final int port;
  private final Path log;

  private CeilingProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Writes {@code spec} into {@code dir}, starts the ceiling JVM on this JVM's own class path and waits until it
   * listens.
   *
   * @param launch the java binary and JVM flags to run the ceiling with (the apiserver child's)
   */
  public static CeilingProcess start(ChildServer.Launch launch, Path dir, CeilingSpec spec)
      throws IOException, InterruptedException {
    CeilingFiles.write(spec, dir);
    List<String> command = new ArrayList<>();
    command.add(launch.java().toString());
    command.addAll(launch.jvmFlags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CeilingMain.class.getName(), dir.toString()));
    Path log = dir.resolve(LOG);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CeilingProcess started = null;
    try {
      started = new CeilingProcess(process, awaitPort(process, log), log);
      return started;
    } finally {
      if (started == null) {
        process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** Polls the child's log for the line {@link CeilingMain} prints once it listens. */
  private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      Optional<Integer> port = listeningPort(output(log));
      if (port.isPresent()) {
        return port.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the ceiling JVM exited with " + process.exitValue() + " before it listened ("
            + log + "):\n" + output(log));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the ceiling JVM did not listen within " + START_SECONDS + " s (" + log + "):\n"
        + output(log));
  }

  /** The port of the first whole line (one a reader could have caught half written is not yet a line) saying it. */
  static Optional<Integer> listeningPort(String output) {
    Matcher matcher = LISTENING.matcher(output);
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  /** The child's output so far; not strictly UTF-8 perhaps (a crash report), so never refused for that. */
  private static String output(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
  }

  @Override
  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Stops the child with SIGTERM, then forcibly. Fails if it had already exited (so that figures measured
   * against it are not taken for a ceiling's) or if it did not stop on SIGTERM.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("the ceiling JVM had exited with " + process.exitValue() + " before it was stopped ("
          + log + "):\n" + output(log));
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the ceiling JVM did not stop on SIGTERM within " + STOP_SECONDS + " s; see " + log);
      }
    } finally {
      process.getOutputStream().close();
    }
  }
}
