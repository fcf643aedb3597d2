package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server stopped and started again on the same data and certificate directories serves the same objects. */
class KubectlRestartTest {
  @TempDir Path dir;
  private InProcessServer server;
  private Kubectl kubectl;

  @BeforeEach
  void startServer() throws Exception {
    Kubectl.assumeInstalled();
    server = InProcessServer.start(dir.resolve("server"));
    kubectl = new Kubectl(server.adminKubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** uid and resourceVersion of an object. */
  record Identity(String uid, String resourceVersion) {}

  /** Every flunder and fischer kubectl sees, by kind, namespace and name. */
  private Map<String, Identity> everything() throws Exception {
    JsonNode list = Json.mapper().readTree(kubectl.succeed("get", "flunders,fischers", "-A", "-o", "json"));
    Map<String, Identity> objects = new TreeMap<>();
    for (JsonNode item : list.path("items")) {
      JsonNode metadata = item.path("metadata");
      objects.put(
          item.path("kind").asText() + " " + metadata.path("namespace").asText() + "/" + metadata.path("name").asText(),
          new Identity(metadata.path("uid").asText(), metadata.path("resourceVersion").asText()));
    }
    return objects;
  }

  @Test
  void keepsEveryObjectWithItsUidAndResourceVersionAcrossARestart() throws Exception {
    StringBuilder manifests = new StringBuilder();
    for (String namespace : new String[] {"default", "other"}) {
      for (String name : new String[] {"alpha", "beta", "gamma"}) {
        manifests.append("""
            ---
            apiVersion: wardle.example.com/v1beta1
            kind: Flunder
            metadata:
              name: %s
              namespace: %s
            spec:
              flunderReference: %s-ref
              referenceType: Flunder
            """.formatted(name, namespace, name));
      }
    }
    for (String name : new String[] {"nemo", "dory"}) {
      manifests.append("""
          ---
          apiVersion: wardle.example.com/v1alpha1
          kind: Fischer
          metadata:
            name: %s
          disallowedFlunders: [%s-banned]
          """.formatted(name, name));
    }
    kubectl.succeed("create", "-f", kubectl.manifest("objects.yaml", manifests.toString()).toString());
    kubectl.succeed("label", "flunder", "beta", "-n", "other", "updated=before-restart");
    Map<String, Identity> before = everything();
    long highestBefore = before.values().stream().mapToLong(identity -> Long.parseLong(identity.resourceVersion())).max().orElseThrow();

    server.restart();

    assertThat(everything()).hasSize(8).isEqualTo(before);
    assertThat(kubectl.succeed("get", "flunder", "beta", "-n", "other", "-o", "jsonpath={.metadata.labels.updated}"))
        .isEqualTo("before-restart");
    kubectl.succeed("label", "flunder", "alpha", "updated=after-restart");
    String written = kubectl.succeed("get", "flunder", "alpha", "-o", "jsonpath={.metadata.resourceVersion}");
    assertThat(Long.parseLong(written)).isGreaterThan(highestBefore);
  }
}
