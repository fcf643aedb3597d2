package dev.aggregation.tools.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BundleGeneratorTest {
  static final BundleLayout PROJECT = CommittedBundleTest.PROJECT;
  static final String CSV_PATH = "bundle/manifests/" + BundleLayout.CSV_FILE;

  ObjectNode generate(String version, Optional<ObjectNode> existing, Optional<String> previous) {
    BundleSettings settings = new BundleSettings(SemVer.parse(version), List.of("candidate"), "candidate",
        previous.map(SemVer::parse));
    Map<String, String> files = new BundleGenerator(PROJECT).generate(settings, existing);
    return (ObjectNode) read(files.get(CSV_PATH));
  }

  static JsonNode read(String yaml) {
    try {
      return Yaml.YAML.readTree(yaml);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void firstReleaseHasNoUpgradeEdge() {
    ObjectNode csv = generate("0.1.0", Optional.empty(), Optional.empty());

    assertThat(csv.path("spec").has("replaces")).isFalse();
    assertThat(csv.path("metadata").path("annotations").has("olm.skipRange")).isFalse();
    assertThat(Yaml.text(csv, "metadata.name")).isEqualTo("apiserver-operator.v0.1.0");
  }

  @Test
  void nextReleaseReplacesTheBundleInBundleDirAndSkipsFromTheFirstRelease() {
    ObjectNode v010 = generate("0.1.0", Optional.empty(), Optional.empty());
    ObjectNode v020 = generate("0.2.0", Optional.of(v010), Optional.empty());
    ObjectNode v030 = generate("0.3.0", Optional.of(v020), Optional.empty());

    assertThat(Yaml.text(v020, "spec.replaces")).isEqualTo("apiserver-operator.v0.1.0");
    assertThat(v020.path("metadata").path("annotations").path("olm.skipRange").asText()).isEqualTo(">=0.1.0 <0.2.0");
    assertThat(Yaml.text(v030, "spec.replaces")).isEqualTo("apiserver-operator.v0.2.0");
    assertThat(v030.path("metadata").path("annotations").path("olm.skipRange").asText()).isEqualTo(">=0.1.0 <0.3.0");
  }

  @Test
  void regeneratingTheSameVersionKeepsItsEdge() {
    ObjectNode v020 = generate("0.2.0", Optional.empty(), Optional.of("0.1.0"));

    ObjectNode again = generate("0.2.0", Optional.of(v020), Optional.empty());

    assertThat(again).isEqualTo(v020);
  }

  @Test
  void refusesToReplaceANewerRelease() {
    ObjectNode v020 = generate("0.2.0", Optional.empty(), Optional.of("0.1.0"));

    assertThatThrownBy(() -> generate("0.1.5", Optional.of(v020), Optional.empty()))
        .hasMessageContaining("newer than 0.1.5");
  }

  @Test
  void installStrategyComesFromConfigManagerAndRbac() {
    ObjectNode csv = generate("0.1.0", Optional.empty(), Optional.empty());
    ObjectNode clusterRole = Yaml.readOne(PROJECT.config().resolve("rbac/role.yaml"));
    ObjectNode leaderElection = Yaml.readOne(PROJECT.config().resolve("rbac/leader_election_role.yaml"));
    ObjectNode manager = Yaml.readOne(PROJECT.config().resolve("manager/manager.yaml"));
    JsonNode install = csv.path("spec").path("install").path("spec");

    assertThat(install.path("clusterPermissions")).singleElement().satisfies(p -> {
      assertThat(p.path("serviceAccountName").asText()).isEqualTo("apiserver-operator");
      assertThat(p.path("rules")).isEqualTo(clusterRole.path("rules"));
    });
    assertThat(install.path("permissions")).singleElement()
        .satisfies(p -> assertThat(p.path("rules")).isEqualTo(leaderElection.path("rules")));
    assertThat(install.path("deployments")).singleElement().satisfies(d -> {
      assertThat(d.path("name").asText()).isEqualTo("apiserver-operator");
      assertThat(d.path("spec")).isEqualTo(manager.path("spec"));
    });
  }

  @Test
  void relatedImagesNameTheOperatorAndTheApiserverImage() {
    ObjectNode csv = generate("0.1.0", Optional.empty(), Optional.empty());
    JsonNode container = csv.path("spec").path("install").path("spec").path("deployments").path(0).path("spec")
        .path("template").path("spec").path("containers").path(0);
    String apiserverImage = "";
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals("RELATED_IMAGE_APISERVER")) {
        apiserverImage = env.path("value").asText();
      }
    }

    assertThat(csv.path("spec").path("relatedImages")).extracting(i -> i.path("name").asText() + "=" + i.path("image").asText())
        .containsExactly("apiserver=" + apiserverImage, "apiserver-operator=" + container.path("image").asText());
    assertThat(csv.path("metadata").path("annotations").path("containerImage").asText())
        .isEqualTo(container.path("image").asText());
  }

  @Test
  void almExamplesAreTheSamplesAndOwnedCrdGetsItsStorageVersion() throws Exception {
    ObjectNode csv = generate("0.1.0", Optional.empty(), Optional.empty());
    JsonNode examples = Yaml.JSON.readTree(csv.path("metadata").path("annotations").path("alm-examples").asText());

    assertThat(examples).extracting(e -> e.path("metadata").path("name").asText()).containsExactly("wardle", "wardle-ha");
    assertThat(examples).allSatisfy(e -> assertThat(e.path("spec").has("storage")).isTrue());
    JsonNode owned = csv.path("spec").path("customresourcedefinitions").path("owned").path(0);
    assertThat(owned.path("version").asText()).isEqualTo("v1alpha1");
    assertThat(owned.path("kind").asText()).isEqualTo("ApiServer");
  }

  @Test
  void bundleObjectsLoseTheirNamespaceAndTheDockerfileCarriesTheAnnotations() {
    BundleSettings settings = new BundleSettings(SemVer.parse("0.1.0"), List.of("candidate", "stable"), "stable",
        Optional.empty());
    Map<String, String> files = new BundleGenerator(PROJECT).generate(settings, Optional.empty());

    JsonNode service = read(files.get("bundle/manifests/apiserver-operator-metrics_v1_service.yaml"));
    assertThat(service.path("metadata").has("namespace")).isFalse();
    assertThat(files.get("bundle.Dockerfile"))
        .contains("LABEL operators.operatorframework.io.bundle.channels.v1=candidate,stable\n")
        .contains("LABEL operators.operatorframework.io.bundle.channel.default.v1=stable\n");
    assertThat(read(files.get("bundle/metadata/annotations.yaml")).path("annotations")
        .path(BundleLayout.CHANNELS_KEY).asText()).isEqualTo("candidate,stable");
    assertThat(files).doesNotContainKey(Path.of("bundle/manifests/apiserver-operator_v1_serviceaccount.yaml").toString());
  }
}
