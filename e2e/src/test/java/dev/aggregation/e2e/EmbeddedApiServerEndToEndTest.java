package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.AuditSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded sample of config/samples applied to a cluster on this machine: the operator deploys it, the node
 * runs it as the Deployment says, the aggregator serves it as the APIServices say, and kubectl, as a user of the
 * cluster, works with flunders through the aggregator.
 */
class EmbeddedApiServerEndToEndTest {
  private static final String GROUP = "wardle.example.com";
  private static final String NAMESPACE = "wardle-system";
  private static final String AUDIT_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      rules:
        - level: Metadata
      """;

  @TempDir static Path dir;
  static LocalCluster cluster;
  static Kubectl alice;

  @BeforeAll
  static void start() throws Exception {
    Kubectl.assumeInstalled();
    cluster = LocalCluster.start(dir);
    cluster.kube.rules().grant("alice", Set.of("*"), GROUP, Set.of("*"));
    ApiServer sample = LocalCluster.sample("aggregation.dev_v1alpha1_apiserver_embedded.yaml");
    sample.setSpec(withAudit(sample.getSpec(), AUDIT_POLICY));
    cluster.apply(NAMESPACE, sample);
    cluster.awaitAvailable(GROUP, "v1alpha1");
    cluster.awaitAvailable(GROUP, "v1beta1");
    alice = cluster.kubectl("alice", "alice-token");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kubectlDiscoversTheAggregatedGroupThroughTheAggregator() {
    String resources = alice.succeed("api-resources", "--api-group=" + GROUP, "-o", "name");

    assertThat(resources.lines()).contains("flunders." + GROUP, "fischers." + GROUP);
  }

  @Test
  void kubectlCreatesListsGetsWatchesAndDeletesFlunders() throws Exception {
    try (Kubectl.Background watch = alice.start("get", "flunders." + GROUP, "--watch", "-o", "name")) {
      Path manifest = alice.manifest("journey.yaml", """
          apiVersion: wardle.example.com/v1beta1
          kind: Flunder
          metadata:
            name: journey
          spec: {}
          """);
      assertThat(alice.succeed("create", "-f", manifest.toString()))
          .isEqualTo("flunder.wardle.example.com/journey created\n");

      assertThat(alice.succeed("get", "flunders", "-o", "name")).contains("flunder.wardle.example.com/journey");
      assertThat(alice.succeed("get", "flunder", "journey", "-o", "jsonpath={.metadata.name} {.apiVersion}"))
          .isEqualTo("journey wardle.example.com/v1beta1");
      await("the watch sees the flunder").atMost(Duration.ofSeconds(30))
          .until(() -> watch.stdoutSoFar().contains("flunder.wardle.example.com/journey"));

      assertThat(alice.succeed("delete", "flunder", "journey"))
          .isEqualTo("flunder.wardle.example.com \"journey\" deleted\n");
      Kubectl.Result gone = alice.run("get", "flunder", "journey");
      assertThat(gone.exitCode()).as(gone.describe()).isOne();
      assertThat(gone.stderr()).contains("flunders.wardle.example.com \"journey\" not found");
    }
  }

  @Test
  void aUserTheRulesDoNotAllowGetsForbidden() {
    Kubectl mallory = cluster.kubectl("mallory", "mallory-token");

    Kubectl.Result result = mallory.run("get", "flunders." + GROUP);

    assertThat(result.exitCode()).as(result.describe()).isOne();
    assertThat(result.stderr()).contains("Error from server (Forbidden): flunders.wardle.example.com is forbidden: "
        + "User \"mallory\" cannot list resource \"flunders\" in API group \"wardle.example.com\" in the namespace "
        + "\"default\"");
  }

  @Test
  void theAuditLogNamesTheUserTheAggregatorAuthenticated() throws Exception {
    alice.succeed("get", "fischers." + GROUP);

    Path log = cluster.node.pods(NAMESPACE, "wardle").get(0).log();
    await("the audit event of alice's list").atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(log).lines().anyMatch(line -> line.contains("\"audit.k8s.io/v1\"")
            && line.contains("\"username\":\"alice\"") && line.contains("fischers")));
  }

  private static ApiServerSpec withAudit(ApiServerSpec spec, String policy) {
    return new ApiServerSpec(spec.group(), spec.versions(), spec.groupPriorityMinimum(), spec.image(),
        spec.replicas(), spec.resources(), spec.storage(), spec.certificates(), new AuditSpec(policy),
        spec.authorization(), spec.nodeSelector(), spec.tolerations(), spec.affinity(), spec.priorityClassName());
  }
}
