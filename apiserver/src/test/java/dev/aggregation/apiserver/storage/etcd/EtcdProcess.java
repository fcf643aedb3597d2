package dev.aggregation.apiserver.storage.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd (Debian's {@code etcd-server}) for tests: started on free loopback ports with a temporary data
 * directory, waited for until {@code /health} says so, stopped by its pid. It can be stopped (or killed) and
 * started again on the same ports and data, for restart and outage tests.
 *
 * <p>Without {@code /usr/bin/etcd} the tests are skipped with a message, except in CI ({@code CI=true}), where
 * they fail: CI installs etcd, so its absence there is a broken build, not a reason to test less.
 */
public final class EtcdProcess implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/etcd");

  private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(30);
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);

  private final Path dataDir;
  private final Path log;
  private final int clientPort;
  private final int peerPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private Process process;

  private EtcdProcess(Path dataDir, int clientPort, int peerPort) {
    this.dataDir = dataDir;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** Starts a fresh etcd; skips the test (or fails it in CI) when etcd is not installed. */
  public static EtcdProcess start() {
    requireInstalled();
    try {
      Path dataDir = Files.createTempDirectory(scratch(), "etcd-test-");
      EtcdProcess etcd = new EtcdProcess(dataDir, freePort(), freePort());
      etcd.startProcess();
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd", e);
    }
  }

  static void requireInstalled() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = "etcd is not installed at " + BINARY + " (apt-get install -y etcd-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI must provide it (.ci/run installs it)");
    }
    Assumptions.abort(message + ": skipping the etcd tests");
  }

  /** The client URL, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  public EtcdOptions options() {
    return EtcdOptions.of(List.of(endpoint()));
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops etcd gracefully (SIGTERM to its pid) and waits for it to exit; its data stays. */
  public void stop() {
    end(false);
  }

  /** Kills etcd (SIGKILL to its pid), as a crash or a lost node would; its data stays. */
  public void kill() {
    end(true);
  }

  /**
   * Freezes etcd (SIGSTOP to its pid): its sockets stay open but nothing answers, as with a network partition
   * or a hung disk. {@link #resume} lets it go on.
   */
  public void pause() {
    signal("STOP");
  }

  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal etcd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted signalling etcd", e);
    }
  }

  /** Starts etcd again on the same ports and data directory. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("etcd is still running (pid " + process.pid() + ")");
    }
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart etcd", e);
    }
  }

  @Override
  public void close() {
    try {
      if (isRunning()) {
        resume();
        kill();
      }
    } finally {
      deleteRecursively(dataDir);
      deleteRecursively(log);
    }
  }

  private void startProcess() throws IOException {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "--name", "test",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "test=" + peer,
                "--initial-cluster-state", "new",
                "--logger", "zap",
                "--log-level", "warn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitHealthy();
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + STARTUP_PATIENCE.toNanos();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(endpoint() + "/health")).timeout(Duration.ofSeconds(1)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + " while starting:\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for etcd", e);
      }
      sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("etcd was not healthy within " + STARTUP_PATIENCE + ":\n" + logTail());
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Where the data directory goes: a memory file system when there is one, since etcd fsyncs every write and
   * the tests write thousands; a killed etcd process still finds its data there, only a machine crash loses it.
   */
  private static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
