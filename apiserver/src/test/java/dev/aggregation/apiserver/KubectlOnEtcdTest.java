package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.storage.etcd.EtcdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl journey of the embedded store, on a real etcd: the server cannot be told apart by its store.
 * Skipped without etcd locally, failed without it in CI (EtcdProcess).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlOnEtcdTest {
  private EtcdProcess etcd;
  private InProcessServer server;
  private Kubectl kubectl;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Kubectl.assumeInstalled();
    etcd = EtcdProcess.start();
    server = InProcessServer.startOnEtcd(dir.resolve("server"), etcd.endpoint());
    kubectl = new Kubectl(server.adminKubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private Path flunder(String name, String reference) {
    return kubectl.manifest(name + ".yaml", """
        apiVersion: wardle.example.com/v1alpha1
        kind: Flunder
        metadata:
          name: %s
          labels: {journey: etcd}
        spec:
          reference: %s
        """.formatted(name, reference));
  }

  @Test
  void appliesReadsConvertsPatchesWatchesAndDeletesOnEtcd() throws Exception {
    Path manifest = flunder("on-etcd", "first");
    assertThat(kubectl.succeed("apply", "-f", manifest.toString())).contains("flunder.wardle.example.com/on-etcd created");
    assertThat(kubectl.succeed("apply", "-f", manifest.toString())).contains("unchanged");

    assertThat(kubectl.succeed("get", "flunders", "-l", "journey=etcd")).contains("NAME", "CREATED AT", "on-etcd");
    JsonNode v1beta1 = Json.mapper().readTree(kubectl.succeed("get", "flunders.v1beta1.wardle.example.com", "on-etcd", "-o", "json"));
    assertThat(v1beta1.path("spec").path("flunderReference").asText()).isEqualTo("first");

    try (Kubectl.Background watch = kubectl.start("get", "flunders", "-w", "--output-watch-events", "--request-timeout=60s")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdoutSoFar().contains("ADDED"));
      // kubectl patches the preferred version, v1beta1: flunderReference is its name for v1alpha1's reference
      kubectl.succeed("patch", "flunder", "on-etcd", "--type=merge", "-p", "{\"spec\":{\"flunderReference\":\"second\"}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdoutSoFar().contains("MODIFIED"));
      kubectl.succeed("delete", "flunder", "on-etcd");
      await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdoutSoFar().contains("DELETED"));
    }
    assertThat(kubectl.run("get", "flunder", "on-etcd").stderr()).contains("flunders.wardle.example.com \"on-etcd\" not found");
    assertThat(kubectl.run("get", "flunders", "-o", "name").stdout()).doesNotContain("on-etcd");
  }

  @Test
  void keepsObjectsWhenTheServerRestartsOnTheSameEtcd() throws Exception {
    kubectl.succeed("apply", "-f", flunder("survivor", "kept").toString());
    String before = kubectl.succeed("get", "flunder", "survivor", "-o", "jsonpath={.metadata.uid}/{.metadata.resourceVersion}");

    server.restart();

    await().atMost(Duration.ofSeconds(30))
        .until(() -> kubectl.run("get", "flunder", "survivor", "-o", "jsonpath={.metadata.uid}/{.metadata.resourceVersion}").stdout().equals(before));
  }
}
