package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kubectl patch, edit and replace: the update paths, their patch types and optimistic concurrency. */
class KubectlUpdateTest {
  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  private static void createFlunder(String name, String reference) {
    Path manifest =
        kubectl.manifest(
            name + ".yaml",
            """
            apiVersion: wardle.example.com/v1beta1
            kind: Flunder
            metadata:
              name: %s
            spec:
              flunderReference: %s
              referenceType: Flunder
            """
                .formatted(name, reference));
    kubectl.succeed("create", "-f", manifest.toString());
  }

  private static String reference(String name) {
    return kubectl.succeed("get", "flunder", name, "-o", "jsonpath={.spec.flunderReference}");
  }

  @Test
  void mergePatchChangesTheSpec() {
    createFlunder("merged", "before");

    String out = kubectl.succeed("patch", "flunder", "merged", "--type=merge", "-p", "{\"spec\":{\"flunderReference\":\"after\"}}");

    assertThat(out).isEqualTo("flunder.wardle.example.com/merged patched\n");
    assertThat(reference("merged")).isEqualTo("after");
  }

  @Test
  void jsonPatchChangesTheSpec() {
    createFlunder("jsonpatched", "before");

    String out =
        kubectl.succeed(
            "patch", "flunder", "jsonpatched", "--type=json",
            "-p", "[{\"op\":\"replace\",\"path\":\"/spec/flunderReference\",\"value\":\"after\"}]");

    assertThat(out).isEqualTo("flunder.wardle.example.com/jsonpatched patched\n");
    assertThat(reference("jsonpatched")).isEqualTo("after");
  }

  @Test
  void mergePatchThatChangesNothingReportsNoChange() {
    createFlunder("unpatched", "same");

    String out = kubectl.succeed("patch", "flunder", "unpatched", "--type=merge", "-p", "{\"spec\":{\"flunderReference\":\"same\"}}");

    assertThat(out).isEqualTo("flunder.wardle.example.com/unpatched patched (no change)\n");
  }

  @Test
  void strategicMergePatchIsUnsupportedMediaTypeLikeForCustomResources() {
    createFlunder("strategic", "before");

    // kubectl's default patch type; like a CRD, a kind without Go struct tags has no strategic merge semantics.
    // -v=6 logs the response status kubectl got.
    Kubectl.Result result = kubectl.run("patch", "flunder", "strategic", "-v=6", "-p", "{\"spec\":{\"flunderReference\":\"after\"}}");

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderr().lines().filter(line -> line.contains("PATCH https://")))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("/apis/wardle.example.com/v1beta1/namespaces/default/flunders/strategic?fieldManager=kubectl-patch 415 Unsupported Media Type");
    assertThat(result.stderr().lines().reduce((first, second) -> second))
        .contains(
            "error: application/strategic-merge-patch+json is not supported by wardle.example.com/v1beta1, Kind=Flunder: "
                + "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    assertThat(reference("strategic")).isEqualTo("before");
  }

  @Test
  void editStoresWhatTheEditorChanged() {
    createFlunder("edited", "foo");
    Path editor = kubectl.script("editor.sh", "sed -i 's/flunderReference: foo/flunderReference: bar/' \"$1\"");

    Kubectl.Result result = kubectl.run(Map.of("KUBE_EDITOR", editor.toString()), "edit", "flunder", "edited");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).isEqualTo("flunder.wardle.example.com/edited edited\n");
    assertThat(reference("edited")).isEqualTo("bar");
  }

  @Test
  void replaceWithAStaleResourceVersionConflicts() {
    createFlunder("stale", "first");
    Path stale = kubectl.manifest("stale-read.yaml", kubectl.succeed("get", "flunder", "stale", "-o", "yaml"));
    kubectl.succeed("label", "flunder", "stale", "moved=on");

    Kubectl.Result result = kubectl.run("replace", "-f", stale.toString());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo(
            "Error from server (Conflict): error when replacing \"" + stale + "\": Operation cannot be fulfilled on "
                + "flunders.wardle.example.com \"stale\": the object has been modified; please apply your changes to the "
                + "latest version and try again\n");
    assertThat(kubectl.succeed("get", "flunder", "stale", "-o", "jsonpath={.metadata.labels.moved}")).isEqualTo("on");
  }

  @Test
  void replaceWithTheCurrentResourceVersionStoresTheObject() {
    createFlunder("replaced", "first");
    String current = kubectl.succeed("get", "flunder", "replaced", "-o", "yaml");
    Path fresh = kubectl.manifest("replaced-fresh.yaml", current.replace("flunderReference: first", "flunderReference: second"));

    String out = kubectl.succeed("replace", "-f", fresh.toString());

    assertThat(out).isEqualTo("flunder.wardle.example.com/replaced replaced\n");
    assertThat(reference("replaced")).isEqualTo("second");
  }
}
