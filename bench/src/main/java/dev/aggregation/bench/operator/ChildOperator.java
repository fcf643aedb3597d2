package dev.aggregation.bench.operator;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's shaded jar as a child JVM, as its container runs it ({@code java <flags> -jar operator.jar}),
 * pointed at a kubeconfig, with leader election off (one replica, nothing to wait for) and its probes on a free
 * port. Ready when its /readyz answers 200: JOSDK has started its informers and synced their caches.
 */
final class ChildOperator implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildOperator(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ChildOperator start(Path java, List<String> jvmFlags, Path jar, Path kubeconfig, Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path log = workDir.resolve("operator.log");
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("LEADER_ELECTION", "false");
    env.put("LOG_FORMAT", "text");
    env.put("RELATED_IMAGE_APISERVER", "registry.bench/apiserver:bench");
    env.remove("WATCH_NAMESPACES");
    Process process = builder.start();
    ChildOperator operator = new ChildOperator(process, log);
    try {
      operator.awaitReady(port, Duration.ofSeconds(120));
      return operator;
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly().waitFor();
      throw e;
    }
  }

  private void awaitReady(int port, Duration patience) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException | HttpTimeoutException notServingYet) {
        // poll again
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the operator was not ready within " + patience + ":\n" + Files.readString(log));
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** VmRSS (now) and VmHWM (the peak so far) of the operator process, in MiB. */
  Memory memory() throws IOException {
    long rss = -1;
    long peak = -1;
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("VmHWM:")) {
        peak = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    if (rss < 0 || peak < 0) {
      throw new IllegalStateException("no VmRSS or VmHWM in /proc/" + process.pid() + "/status");
    }
    return new Memory(rss / 1024.0, peak / 1024.0);
  }

  record Memory(double residentMiB, double peakResidentMiB) {}

  /** CPU time the operator process used so far (user and system, all threads). */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("no CPU time for process " + process.pid()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the operator's graceful shutdown, as the kubelet stops a pod
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("the operator did not stop on SIGTERM within 30 s; see " + log);
    }
  }
}
