package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real kubectl binary against a server: its own {@code HOME} (so the discovery cache starts empty), the
 * server's admin kubeconfig, stdin closed, and a deadline on every call. Output goes to files, so a chatty
 * process never blocks on a full pipe and a background one can be read while it runs.
 */
final class Kubectl {
  static final Path BINARY = Path.of(System.getProperty("kubectl.path", "/usr/bin/kubectl"));
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final Path kubeconfig;
  private final Path workDir;
  private final AtomicInteger calls = new AtomicInteger();

  /** @param workDir holds kubectl's HOME, the manifests written for it and what it printed */
  Kubectl(Path kubeconfig, Path workDir) {
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  /** Skips the calling test class when kubectl is not installed. */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY), "kubectl is not installed at " + BINARY);
  }

  /** What one kubectl call printed and how it exited. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** For assertion descriptions: everything needed to see why a call did not do what was expected. */
    String describe() {
      return String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs kubectl with extra environment variables (e.g. {@code KUBE_EDITOR}). */
  Result run(Map<String, String> environment, String... args) {
    try (Background call = start(environment, args)) {
      return call.await(CALL_TIMEOUT);
    }
  }

  /** Runs kubectl, asserts it succeeded, and returns what it printed on stdout. */
  String succeed(String... args) {
    Result result = run(args);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    return result.stdout();
  }

  /** Starts kubectl without waiting for it, e.g. a watch; close the handle to stop it. */
  Background start(String... args) {
    return start(Map.of(), args);
  }

  private Background start(Map<String, String> environment, String... args) {
    int call = calls.incrementAndGet();
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(args));
    Path stdout = workDir.resolve("kubectl-" + call + ".out");
    Path stderr = workDir.resolve("kubectl-" + call + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    env.put("HOME", home().toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.putAll(environment);
    try {
      return new Background(command, builder.start(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + command, e);
    }
  }

  private Path home() {
    try {
      return Files.createDirectories(workDir.resolve("home"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a manifest kubectl can read with {@code -f}. */
  Path manifest(String fileName, String yaml) {
    try {
      return Files.writeString(workDir.resolve(fileName), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an executable shell script, e.g. an editor for {@code kubectl edit}. */
  Path script(String fileName, String body) {
    try {
      Path script = Files.writeString(workDir.resolve(fileName), "#!/bin/sh\nset -e\n" + body + "\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

    /** What the process printed on stdout so far. */
    String stdoutSoFar() {
      return read(stdout);
    }

    String stderrSoFar() {
      return read(stderr);
    }

    /** Waits for the process to exit; one that outlives {@code timeout} is killed and fails the test. */
    Result await(Duration timeout) {
      try {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(
              String.join(" ", command) + " did not finish within " + timeout + "\nstdout:\n" + stdoutSoFar()
                  + "\nstderr:\n" + stderrSoFar());
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
