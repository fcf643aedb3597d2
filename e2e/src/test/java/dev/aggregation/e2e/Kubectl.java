package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real kubectl as one user of the cluster: a kubeconfig with the aggregator's address, its CA and the user's
 * bearer token; its own HOME (an empty discovery cache); stdin closed; output in files so a background watch
 * can be read while it runs; a deadline on every call.
 */
final class Kubectl {
  static final Path BINARY = Path.of(System.getProperty("kubectl.path", "/usr/bin/kubectl"));
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final Path kubeconfig;
  private final Path workDir;
  private final AtomicInteger calls = new AtomicInteger();

  private Kubectl(Path kubeconfig, Path workDir) {
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY), "kubectl is not installed at " + BINARY);
  }

  /** kubectl for the user of {@code token} against the aggregator at {@code port}, trusting {@code ca}. */
  static Kubectl asUser(Path workDir, int port, X509Certificate ca, String user, String token) {
    try {
      Files.createDirectories(workDir.resolve("home"));
      String caData = java.util.Base64.getEncoder().encodeToString(
          dev.aggregation.apiserver.server.tls.Pem.encodeCertificate(ca).getBytes(StandardCharsets.UTF_8));
      Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters:
          - name: local
            cluster:
              server: https://127.0.0.1:%d
              certificate-authority-data: %s
          contexts:
          - name: local
            context:
              cluster: local
              user: %s
              namespace: default
          current-context: local
          users:
          - name: %s
            user:
              token: %s
          """.formatted(port, caData, user, user, token));
      return new Kubectl(kubeconfig, workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one kubectl call printed and how it exited. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    String describe() {
      return String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  Result run(String... args) {
    try (Background call = start(args)) {
      return call.await(CALL_TIMEOUT);
    }
  }

  /** Runs kubectl, asserts it succeeded, and returns its stdout. */
  String succeed(String... args) {
    Result result = run(args);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    return result.stdout();
  }

  Path manifest(String fileName, String yaml) {
    try {
      return Files.writeString(workDir.resolve(fileName), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts kubectl without waiting, e.g. a watch; close the handle to stop it. */
  Background start(String... args) {
    int call = calls.incrementAndGet();
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(args));
    Path stdout = workDir.resolve("kubectl-" + call + ".out");
    Path stderr = workDir.resolve("kubectl-" + call + ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    var env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    env.put("HOME", workDir.resolve("home").toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    try {
      return new Background(command, builder.start(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + command, e);
    }
  }

  /** A running kubectl; closing it kills the process if it still runs. */
  static final class Background implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Background(List<String> command, Process process, Path stdout, Path stderr) {
      this.command = List.copyOf(command);
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    String stdoutSoFar() {
      return read(stdout);
    }

    String stderrSoFar() {
      return read(stderr);
    }

    Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
              + "\nstdout:\n" + stdoutSoFar() + "\nstderr:\n" + stderrSoFar());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + command, e);
      }
      return new Result(command, process.exitValue(), stdoutSoFar(), stderrSoFar());
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file, e);
      }
    }
  }
}
