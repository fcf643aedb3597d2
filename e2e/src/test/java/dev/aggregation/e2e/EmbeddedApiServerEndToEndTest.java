package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.operator.customresource.ApiServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  private static final String AUDIT_POLICY = Specs.METADATA_AUDIT_POLICY;

  @TempDir static Path dir;
  static LocalCluster cluster;
  static Kubectl alice;

  @BeforeAll
  static void start() throws Exception {
    Kubectl.assumeInstalled();
    cluster = LocalCluster.start(dir);
    cluster.kube.rules().grant("alice", Set.of("*"), GROUP, Set.of("*"));
    ApiServer sample = LocalCluster.sample("aggregation.dev_v1alpha1_apiserver_embedded.yaml");
    sample.setSpec(Specs.withAudit(sample.getSpec(), AUDIT_POLICY));
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
  void kubectlCreatesListsGetsWatchesAndDeletesFlunders() {
    FlunderJourney.run(alice, "v1beta1", "journey");
  }

  @Test
  void theApiServerIsReadyByWhatTheRunningPartsReported() {
    // Deployment Available from the node's probes, APIServices Available from the aggregator's discovery checks.
    ApiServer ready = await("the ApiServer Ready").atMost(Duration.ofSeconds(60)).until(
        () -> cluster.client().resources(ApiServer.class).inNamespace(NAMESPACE).withName("wardle").get(),
        apiServer -> apiServer.getStatus() != null && apiServer.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));

    assertThat(ready.getStatus().observedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().apiServices()).extracting(s -> s.name() + "=" + s.available())
        .containsExactlyInAnyOrder("v1alpha1.wardle.example.com=true", "v1beta1.wardle.example.com=true");
  }

  @Test
  void theApiServerWritesNothingOutsideItsVolumes() throws Exception {
    alice.succeed("get", "flunders." + GROUP);

    // The Deployment sets readOnlyRootFilesystem: only the volumes (data, /tmp, ...) may be written.
    assertThat(cluster.node.pods(NAMESPACE, "wardle").get(0).writtenToRootFilesystem()).isEmpty();
  }

  @Test
  void theCallersCredentialsNeverReachTheApiServer() {
    alice.succeed("get", "flunders." + GROUP);

    // The aggregator authenticated the token and forwarded the user as front-proxy headers: the apiserver
    // had no token to review.
    assertThat(cluster.kube.tokenReviews()).isEmpty();
  }

  @Test
  void theApiServerAuthorizesTheGroupsAndExtraTheAggregatorForwarded() throws Exception {
    cluster.kube.rules().grant("wardle-admins", Set.of("list"), GROUP, Set.of("fischers"));
    Kubectl carol = cluster.kubectl(new Identity("carol", List.of("wardle-admins", "system:authenticated"),
        Map.of("scopes", List.of("read only"), "authentication.kubernetes.io/credential-id", List.of("JTI=7"))),
        "carol-token");

    carol.succeed("get", "fischers." + GROUP);

    JsonNode expected = new ObjectMapper().readTree("""
        {"user":"carol","groups":["wardle-admins","system:authenticated"],
         "extra":{"authentication.kubernetes.io/credential-id":["JTI=7"],"scopes":["read only"]},
         "resourceAttributes":{"verb":"list","group":"wardle.example.com","version":"v1alpha1",
           "resource":"fischers"}}
        """);
    assertThat(cluster.kube.accessReviewsOf("carol")).contains(expected);
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

}
