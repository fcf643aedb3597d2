package dev.aggregation.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aggregation.apiserver.endpoints.discovery.DiscoveryHandler;
import dev.aggregation.apiserver.endpoints.openapi.OpenApiHandler;
import dev.aggregation.apiserver.endpoints.openapi.OpenApiInfo;
import dev.aggregation.apiserver.endpoints.version.BuildInfo;
import dev.aggregation.apiserver.endpoints.version.VersionHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl itself reads our discovery and OpenAPI: the client this server must not be told apart from. */
class KubectlTest {
  private static final Path KUBECTL = Path.of(System.getProperty("kubectl.path", "/usr/bin/kubectl"));

  private static TestServer server;
  @TempDir static Path home;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    List<dev.aggregation.apiserver.registry.ApiGroup> groups = List.of(TestApi.group());
    server =
        TestServer.start(
            router -> {
              new DiscoveryHandler(groups).mount(router);
              new OpenApiHandler(groups, new OpenApiInfo("Wardle", "0.1"), Clock.systemUTC()).mount(router);
              new VersionHandler(new BuildInfo("0.1.0", "unknown", "unknown", "2026-01-01T00:00:00Z")).mount(router);
            });
    kubeconfig = home.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: test, user: {}}]
        contexts: [{name: test, context: {cluster: test, user: test}}]
        current-context: test
        """
            .formatted(server.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  record Result(int exitCode, String output) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  @Test
  void explainsFieldsFromTheOpenApiV3Document() throws Exception {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");

    Result result = kubectl("explain", "flunders.spec");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("GROUP:      wardle.example.com")
        .contains("KIND:       Flunder")
        .contains("VERSION:    v1beta1")
        .contains("The desired state of the Flunder.")
        .contains("reference\t<string>")
        .contains("A name of another flunder or fischer.");
  }

  @Test
  void explainsStandardMetadata() throws Exception {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");

    Result result = kubectl("explain", "fischers.metadata.ownerReferences", "--api-version=wardle.example.com/v1alpha1");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("blockOwnerDeletion\t<boolean>").contains("uid\t<string> -required-");
  }

  @Test
  void listsTheResourcesFromAggregatedDiscovery() throws Exception {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");

    Result result = kubectl("api-resources", "--api-group=wardle.example.com", "--no-headers");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().lines().map(l -> List.of(l.trim().split("\\s+"))).toList())
        .containsExactlyInAnyOrder(
            List.of("fischers", "wardle.example.com/v1alpha1", "false", "Fischer"),
            List.of("flunders", "fl", "wardle.example.com/v1beta1", "true", "Flunder"));
  }
}
