package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.apiserver.server.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as users run it: {@link Main} in its own JVM (the jar's entry point, on the test classpath since the
 * jar is only built after the tests), with the flags of the README, and kubectl talking to it.
 */
class KubectlEndToEndTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @TempDir Path dir;

  @BeforeAll
  static void requireKubectl() {
    Kubectl.assumeInstalled();
  }

  private Process startMain(Path output, String... flags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(flags));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void helpPrintsTheFlags() throws Exception {
    Path output = dir.resolve("help.out");
    Process main = startMain(output, "--help");
    try {
      assertThat(main.waitFor(60, TimeUnit.SECONDS)).as("apiserver --help finished").isTrue();
    } finally {
      stop(main);
    }

    assertThat(main.exitValue()).as(Files.readString(output)).isZero();
    assertThat(Files.readString(output))
        .contains("--standalone")
        .contains("--secure-port")
        .contains("--cert-dir")
        .contains("--data-dir")
        .contains("--etcd-servers");
  }

  @Test
  void standaloneServerProcessServesKubectl() throws Exception {
    Path certDir = Files.createDirectories(dir.resolve("certificates"));
    Path output = dir.resolve("apiserver.out");
    Process main =
        startMain(
            output,
            "--standalone",
            "--bind-address=127.0.0.1",
            "--secure-port=" + freeLoopbackPort(),
            "--cert-dir=" + certDir,
            "--data-dir=" + Files.createDirectories(dir.resolve("data")));
    try {
      Kubectl kubectl = new Kubectl(certDir.resolve("admin.kubeconfig"), Files.createDirectories(dir.resolve("kubectl")));
      try {
        await("the apiserver process is ready")
            .atMost(STARTUP)
            .pollInterval(Duration.ofMillis(250))
            .failFast("the apiserver process exited", () -> !main.isAlive())
            .until(() -> Files.exists(certDir.resolve("admin.kubeconfig")) && kubectl.run("get", "--raw", "/readyz").stdout().equals("ok"));
      } catch (ConditionTimeoutException | TerminalFailureException e) {
        throw new AssertionError(e.getMessage() + "\napiserver output:\n" + Files.readString(output), e);
      }

      Path manifest =
          kubectl.manifest(
              "flunder.yaml",
              """
              apiVersion: wardle.example.com/v1beta1
              kind: Flunder
              metadata:
                name: from-a-process
              spec: {}
              """);
      kubectl.succeed("create", "-f", manifest.toString());

      assertThat(kubectl.succeed("get", "flunders", "-o", "name")).isEqualTo("flunder.wardle.example.com/from-a-process\n");
    } finally {
      stop(main);
    }
  }
}
