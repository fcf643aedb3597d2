package dev.aggregation.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The apiserver as a child JVM in standalone mode, as `make run` starts it: token authentication (so that wrk
 * can send a bearer token), audit at Metadata level to a file, the embedded store or etcd, the watch cache on.
 */
public final class ChildServer implements AutoCloseable {
  public static final String TOKEN = "bench-token";

  private final Process process;
  private final int port;
  private final Duration startToReady;
  private final Path logFile;

  private ChildServer(Process process, int port, Duration startToReady, Path logFile) {
    this.process = process;
    this.port = port;
    this.startToReady = startToReady;
    this.logFile = logFile;
  }

  /** A server configuration: which java, which JVM flags, which store. */
  public record Launch(Path java, List<String> jvmFlags, Path jar, Path workDir, String etcdEndpoint) {
    public Launch withFlags(List<String> flags) {
      return new Launch(java, flags, jar, workDir, etcdEndpoint);
    }

    /** These flags after the launch's own. */
    public Launch plusFlags(List<String> more) {
      List<String> all = new ArrayList<>(jvmFlags);
      all.addAll(more);
      return new Launch(java, List.copyOf(all), jar, workDir, etcdEndpoint);
    }

    public Launch withJava(Path other) {
      return new Launch(other, jvmFlags, jar, workDir, etcdEndpoint);
    }

    public Launch onEtcd(String endpoint) {
      return new Launch(java, jvmFlags, jar, workDir, endpoint);
    }
  }

  public static ChildServer start(Vertx vertx, Launch launch) throws IOException, InterruptedException {
    Files.createDirectories(launch.workDir());
    Path tokens = launch.workDir().resolve("tokens.csv");
    Files.writeString(tokens, TOKEN + ",bench,bench-uid,\"system:masters\"\n", StandardCharsets.UTF_8);
    Path policy = launch.workDir().resolve("audit-policy.yaml");
    Files.writeString(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n", StandardCharsets.UTF_8);
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(launch.java().toString());
    command.addAll(launch.jvmFlags());
    command.addAll(List.of("-jar", launch.jar().toString(), "--standalone", "--bind-address=127.0.0.1", "--secure-port=" + port,
        "--cert-dir=" + launch.workDir().resolve("certs"), "--token-auth-file=" + tokens,
        "--audit-policy-file=" + policy, "--audit-log-path=" + launch.workDir().resolve("audit.log")));
    if (launch.etcdEndpoint() != null) {
      command.add("--etcd-servers=" + launch.etcdEndpoint());
    } else {
      command.add("--data-dir=" + launch.workDir().resolve("data"));
    }
    Path log = launch.workDir().resolve("server.log");
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildServer server = null;
    try (Https https = new Https(vertx, port, TOKEN, 1)) {
      long deadline = started + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the apiserver exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        try {
          if (https.await(https.send(HttpMethod.GET, "/readyz", null, null), Duration.ofSeconds(2)).statusCode() == 200) {
            server = new ChildServer(process, port, Duration.ofNanos(System.nanoTime() - started), log);
            return server;
          }
        } catch (IllegalStateException notYet) {
          // not listening yet: poll again
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("the apiserver was not ready within 60 s:\n" + Files.readString(log));
    } finally {
      if (server == null) {
        process.destroyForcibly();
      }
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Duration startToReady() {
    return startToReady;
  }

  /** VmRSS of the server process, in MiB. */
  public double residentMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: a graceful stop, which also writes a CDS or AOT archive being trained
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("the apiserver did not stop on SIGTERM within 30 s; see " + logFile);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
