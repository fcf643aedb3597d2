package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Client-side apply (three-way merge patches) and server-side apply (field managers) driven by kubectl. */
class KubectlApplyTest {
  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  private static Path flunder(String file, String name, String reference) {
    return kubectl.manifest(
        file,
        """
        apiVersion: wardle.example.com/v1beta1
        kind: Flunder
        metadata:
          name: %s
          labels:
            app: apply
        spec:
          flunderReference: %s
          referenceType: Flunder
        """
            .formatted(name, reference));
  }

  @Test
  void applyCreatesThenReportsUnchangedThenConfigured() {
    Path original = flunder("applied.yaml", "applied", "first");

    assertThat(kubectl.succeed("apply", "-f", original.toString())).isEqualTo("flunder.wardle.example.com/applied created\n");
    assertThat(kubectl.succeed("apply", "-f", original.toString())).isEqualTo("flunder.wardle.example.com/applied unchanged\n");

    Path changed = flunder("applied-changed.yaml", "applied", "second");
    assertThat(kubectl.succeed("apply", "-f", changed.toString())).isEqualTo("flunder.wardle.example.com/applied configured\n");
    assertThat(kubectl.succeed("get", "flunder", "applied", "-o", "jsonpath={.spec.flunderReference}")).isEqualTo("second");
  }

  @Test
  void applyKeepsTheLastAppliedConfigurationForTheNextThreeWayMerge() {
    Path original = flunder("annotated.yaml", "annotated", "first");
    kubectl.succeed("apply", "-f", original.toString());

    String annotation =
        kubectl.succeed(
            "get", "flunder", "annotated", "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}");

    assertThat(annotation).contains("\"flunderReference\":\"first\"").contains("\"name\":\"annotated\"");
  }

  @Test
  void serverSideApplyReportsServersideApplied() {
    Path manifest = flunder("ssa.yaml", "ssa", "first");

    assertThat(kubectl.succeed("apply", "--server-side", "-f", manifest.toString()))
        .isEqualTo("flunder.wardle.example.com/ssa serverside-applied\n");
    assertThat(kubectl.succeed("get", "flunder", "ssa", "-o", "jsonpath={.metadata.managedFields[*].manager}")).isEqualTo("kubectl");
  }

  @Test
  void serverSideApplyOfAFieldOwnedByAnotherManagerConflicts() {
    kubectl.succeed("apply", "--server-side", "-f", flunder("contested.yaml", "contested", "mine").toString());
    Path theirs = flunder("contested-theirs.yaml", "contested", "theirs");

    Kubectl.Result result = kubectl.run("apply", "--server-side", "--field-manager=intruder", "-f", theirs.toString());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.flunderReference")
        .contains("--force-conflicts");
    assertThat(kubectl.succeed("get", "flunder", "contested", "-o", "jsonpath={.spec.flunderReference}")).isEqualTo("mine");
  }

  @Test
  void forcedServerSideApplyTakesTheFieldOver() throws Exception {
    kubectl.succeed("apply", "--server-side", "-f", flunder("forced.yaml", "forced", "mine").toString());
    Path theirs = flunder("forced-theirs.yaml", "forced", "theirs");

    String out = kubectl.succeed("apply", "--server-side", "--field-manager=intruder", "--force-conflicts", "-f", theirs.toString());

    assertThat(out).isEqualTo("flunder.wardle.example.com/forced serverside-applied\n");
    assertThat(kubectl.succeed("get", "flunder", "forced", "-o", "jsonpath={.spec.flunderReference}")).isEqualTo("theirs");
    JsonNode stored = Json.mapper().readTree(kubectl.succeed("get", "flunder", "forced", "-o", "json", "--show-managed-fields"));
    assertThat(managersOf(stored.path("metadata").path("managedFields"), "f:flunderReference")).containsExactly("intruder");
  }

  private static List<String> managersOf(JsonNode managedFields, String specField) {
    List<String> managers = new ArrayList<>();
    for (JsonNode entry : managedFields) {
      if (entry.path("fieldsV1").path("f:spec").has(specField)) {
        managers.add(entry.path("manager").asText());
      }
    }
    return managers;
  }
}
