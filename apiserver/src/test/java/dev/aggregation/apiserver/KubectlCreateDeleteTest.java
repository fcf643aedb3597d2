package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kubectl create (admission, validation, dry run) and the four ways kubectl deletes. */
class KubectlCreateDeleteTest {
  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  private static Path flunderManifest(String namespace, String name) {
    return kubectl.manifest(
        namespace + "-" + name + ".yaml",
        """
        apiVersion: wardle.example.com/v1beta1
        kind: Flunder
        metadata:
          name: %s
          namespace: %s
        spec: {}
        """
            .formatted(name, namespace));
  }

  private static Path fischerManifest(String name, String tier, String... disallowedFlunders) {
    return kubectl.manifest(
        name + ".yaml",
        """
        apiVersion: wardle.example.com/v1alpha1
        kind: Fischer
        metadata:
          name: %s
          labels:
            tier: %s
        disallowedFlunders: [%s]
        """
            .formatted(name, tier, String.join(", ", disallowedFlunders)));
  }

  private static String names(String resource, String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "get";
    args[1] = resource;
    args[2] = "-o";
    args[3] = "name";
    System.arraycopy(flags, 0, args, 4, flags.length);
    return kubectl.succeed(args);
  }

  @Test
  void createOfAFlunderNamedByAFischerIsForbiddenByBanFlunder() {
    kubectl.succeed("create", "-f", fischerManifest("banning", "ban", "banned").toString());
    Path banned = flunderManifest("admission", "banned");

    Kubectl.Result result = kubectl.run("create", "-f", banned.toString());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo(
            "Error from server (Forbidden): error when creating \"" + banned + "\": flunders.wardle.example.com \"banned\" "
                + "is forbidden: this name may not be used, please change the resource name\n");
    assertThat(names("flunders", "-n", "admission")).isEmpty();
  }

  @Test
  void serverSideDryRunCreatesNothing() {
    // the default namespace: for a NotFound elsewhere kubectl asks /api/v1 whether the namespace exists, which
    // kube-apiserver answers in front of an aggregated server and a standalone server does not serve
    Path manifest = flunderManifest("default", "imagined");

    String out = kubectl.succeed("create", "--dry-run=server", "-f", manifest.toString());

    assertThat(out).isEqualTo("flunder.wardle.example.com/imagined created (server dry run)\n");
    Kubectl.Result get = kubectl.run("get", "flunder", "imagined");
    assertThat(get.exitCode()).as(get.describe()).isEqualTo(1);
    assertThat(get.stderr()).isEqualTo("Error from server (NotFound): flunders.wardle.example.com \"imagined\" not found\n");
  }

  @Test
  void createOfAnInvalidObjectPrintsTheFieldErrors() {
    Path invalid =
        kubectl.manifest(
            "invalid.yaml",
            """
            apiVersion: wardle.example.com/v1beta1
            kind: Flunder
            metadata:
              name: invalid
              namespace: validation
            spec:
              referenceType: X
            """);

    Kubectl.Result result = kubectl.run("create", "-f", invalid.toString());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo("The Flunder \"invalid\" is invalid: spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer\n");
    assertThat(names("flunders", "-n", "validation")).isEmpty();
  }

  @Test
  void deleteByNameRemovesOnlyThatFlunder() {
    kubectl.succeed("create", "-f", flunderManifest("byname", "doomed").toString());
    kubectl.succeed("create", "-f", flunderManifest("byname", "spared").toString());

    String out = kubectl.succeed("delete", "flunder", "doomed", "-n", "byname");

    assertThat(out).isEqualTo("flunder.wardle.example.com \"doomed\" deleted\n");
    assertThat(names("flunders", "-n", "byname")).isEqualTo("flunder.wardle.example.com/spared\n");
  }

  @Test
  void deleteByFileRemovesWhatTheFileNames() {
    Path manifest = flunderManifest("byfile", "filed");
    kubectl.succeed("create", "-f", manifest.toString());

    String out = kubectl.succeed("delete", "-f", manifest.toString());

    assertThat(out).isEqualTo("flunder.wardle.example.com \"filed\" deleted\n");
    assertThat(names("flunders", "-n", "byfile")).isEmpty();
  }

  @Test
  void deleteAllRemovesEveryFlunderOfTheNamespaceOnly() {
    kubectl.succeed("create", "-f", flunderManifest("wiped", "one").toString());
    kubectl.succeed("create", "-f", flunderManifest("wiped", "two").toString());
    kubectl.succeed("create", "-f", flunderManifest("kept", "three").toString());

    String out = kubectl.succeed("delete", "flunders", "--all", "-n", "wiped");

    assertThat(out.lines())
        .containsExactly("flunder.wardle.example.com \"one\" deleted", "flunder.wardle.example.com \"two\" deleted");
    assertThat(names("flunders", "-n", "wiped")).isEmpty();
    assertThat(names("flunders", "-n", "kept")).isEqualTo("flunder.wardle.example.com/three\n");
  }

  @Test
  void deleteByLabelSelectorRemovesTheMatchingFischers() {
    kubectl.succeed("create", "-f", fischerManifest("old-one", "legacy").toString());
    kubectl.succeed("create", "-f", fischerManifest("old-two", "legacy").toString());
    kubectl.succeed("create", "-f", fischerManifest("current", "modern").toString());

    String out = kubectl.succeed("delete", "fischers", "-l", "tier=legacy");

    assertThat(out.lines())
        .containsExactly("fischer.wardle.example.com \"old-one\" deleted", "fischer.wardle.example.com \"old-two\" deleted");
    assertThat(names("fischers", "-l", "tier in (legacy, modern)")).isEqualTo("fischer.wardle.example.com/current\n");
  }
}
