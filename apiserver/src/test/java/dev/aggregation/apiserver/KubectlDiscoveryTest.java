package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kubectl finds the wardle kinds, their schemas and the server's own endpoints over real TLS. */
class KubectlDiscoveryTest {
  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  @Test
  void apiResourcesListsNamespacedFlundersAtTheirPreferredVersionAndClusterScopedFischers() {
    String out = kubectl.succeed("api-resources", "--no-headers");

    assertThat(out.lines().map(line -> List.of(line.trim().split("\\s+"))).toList())
        .contains(
            List.of("flunders", "wardle.example.com/v1beta1", "true", "Flunder"),
            List.of("fischers", "wardle.example.com/v1alpha1", "false", "Fischer"));
  }

  @Test
  void apiVersionsListsBothServedVersionsOfTheGroup() {
    String out = kubectl.succeed("api-versions");

    assertThat(out.lines().toList()).containsExactlyInAnyOrder("wardle.example.com/v1alpha1", "wardle.example.com/v1beta1");
  }

  @Test
  void explainFlundersDescribesTheKindAtThePreferredVersion() {
    String out = kubectl.succeed("explain", "flunders");

    assertThat(out)
        .contains("GROUP:      wardle.example.com")
        .contains("KIND:       Flunder")
        .contains("VERSION:    v1beta1")
        .contains("metadata\t<ObjectMeta>")
        .contains("spec\t<Object>")
        .contains("status\t<Object>");
  }

  @Test
  void explainFlundersSpecListsTheV1beta1ReferenceFields() {
    String out = kubectl.succeed("explain", "flunders.spec");

    assertThat(out)
        .contains("FIELD: spec <Object>")
        .contains("fischerReference\t<string>")
        .contains("flunderReference\t<string>")
        .contains("referenceType\t<string>");
  }

  @Test
  void explainFischersDescribesTheClusterScopedKind() {
    String out = kubectl.succeed("explain", "fischers");

    assertThat(out)
        .contains("KIND:       Fischer")
        .contains("VERSION:    v1alpha1")
        .contains("disallowedFlunders\t<[]string>")
        .contains("DisallowedFlunders holds a list of Flunder.Names that are disallowed.");
  }

  @Test
  void rawHealthzAnswersOk() {
    assertThat(kubectl.succeed("get", "--raw", "/healthz")).isEqualTo("ok");
  }

  @Test
  void rawVerboseReadyzListsEveryCheck() {
    String out = kubectl.succeed("get", "--raw", "/readyz?verbose");

    assertThat(out.lines().toList()).contains("[+]ping ok", "[+]log ok", "[+]etcd ok").endsWith("readyz check passed");
  }

  @Test
  void rawVersionIsAVersionInfoDocument() throws Exception {
    JsonNode version = Json.mapper().readTree(kubectl.succeed("get", "--raw", "/version"));

    assertThat(version.path("gitVersion").asText()).startsWith("v");
    assertThat(version.path("major").asText()).isNotEmpty();
    assertThat(version.path("minor").asText()).isNotEmpty();
    assertThat(version.path("platform").asText()).contains("/");
  }

  @Test
  void rawMetricsCountsRequests() {
    kubectl.succeed("get", "flunders");

    assertThat(kubectl.succeed("get", "--raw", "/metrics")).contains("apiserver_request_total{");
  }
}
