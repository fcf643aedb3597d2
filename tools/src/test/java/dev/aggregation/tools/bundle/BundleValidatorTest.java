package dev.aggregation.tools.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule catches the mistake it is there for, on a copy of the committed bundle with that one mistake. */
class BundleValidatorTest {
  @TempDir Path root;

  BundleLayout copyOfCommittedBundle() throws IOException {
    BundleLayout source = CommittedBundleTest.PROJECT;
    try (Stream<Path> files = Files.walk(source.bundle())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = root.resolve(source.root().relativize(file));
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Files.copy(source.dockerfile(), root.resolve(BundleLayout.DOCKERFILE));
    return new BundleLayout(root);
  }

  List<String> errorsAfter(Consumer<ObjectNode> csvChange) throws IOException {
    BundleLayout layout = copyOfCommittedBundle();
    ObjectNode csv = Yaml.readOne(layout.csv());
    csvChange.accept(csv);
    Files.writeString(layout.csv(), Yaml.write(csv));
    return findings(layout, Finding.Severity.ERROR);
  }

  static List<String> findings(BundleLayout layout, Finding.Severity severity) {
    return new BundleValidator().validate(LoadedBundle.read(layout)).stream()
        .filter(f -> f.severity() == severity).map(Finding::toString).toList();
  }

  static ObjectNode spec(ObjectNode csv) {
    return (ObjectNode) csv.get("spec");
  }

  static ObjectNode annotations(ObjectNode csv) {
    return (ObjectNode) csv.get("metadata").get("annotations");
  }

  @Test
  void csvNameWithoutSemanticVersionIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> ((ObjectNode) csv.get("metadata")).put("name", "apiserver-operator.latest")))
        .anyMatch(e -> e.contains("must have format {operator name}.(v)X.Y.Z"));
  }

  @Test
  void replacingANewerReleaseIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> spec(csv).put("replaces", "apiserver-operator.v9.0.0")))
        .anyMatch(e -> e.contains("is not older than this release"));
  }

  @Test
  void skipRangeContainingTheReleaseItselfIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> annotations(csv).put("olm.skipRange", ">=0.0.1 <=0.1.0")))
        .anyMatch(e -> e.contains("contains the release itself"));
  }

  @Test
  void skipRangeKeyInTheWrongCaseIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> annotations(csv).put("olm.skiprange", "<0.1.0")))
        .anyMatch(e -> e.contains("uses wrong case and should be olm.skipRange"));
  }

  @Test
  void exampleOfAnApiTheCsvDoesNotProvideIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> annotations(csv).put("alm-examples",
        "[{\"apiVersion\":\"aggregation.dev/v1\",\"kind\":\"ApiServer\",\"spec\":{}}]")))
        .anyMatch(e -> e.contains("example must have a provided API: aggregation.dev/v1/ApiServer"));
  }

  @Test
  void installModesAllUnsupportedIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> spec(csv).get("installModes").forEach(m -> ((ObjectNode) m).put("supported", false))))
        .anyMatch(e -> e.contains("none of InstallModeTypes are supported"));
  }

  @Test
  void ownedCrdMissingFromTheBundleIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> ((ObjectNode) spec(csv).get("customresourcedefinitions").get("owned").get(0))
        .put("version", "v1beta1")))
        .anyMatch(e -> e.contains("owned CRD aggregation.dev/v1beta1/ApiServer not found in bundle"));
  }

  @Test
  void imageOutsideRelatedImagesIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> ((ArrayNode) spec(csv).get("relatedImages")).remove(0)))
        .anyMatch(e -> e.contains("is not in spec.relatedImages"));
  }

  @Test
  void unknownCapabilityLevelIsAnError() throws IOException {
    assertThat(errorsAfter(csv -> annotations(csv).put("capabilities", "Seamless Upgrade")))
        .anyMatch(e -> e.contains("Capabilities \"Seamless Upgrade\" is not one of"));
  }

  @Test
  void containerWithoutRequestsAndAnUnconventionalChannelAreWarnings() throws IOException {
    BundleLayout layout = copyOfCommittedBundle();
    ObjectNode csv = Yaml.readOne(layout.csv());
    ((ObjectNode) spec(csv).at("/install/spec/deployments/0/spec/template/spec/containers/0")).remove("resources");
    Files.writeString(layout.csv(), Yaml.write(csv));
    Files.writeString(layout.annotations(), Files.readString(layout.annotations()).replace("candidate", "alpha"));
    Files.writeString(layout.dockerfile(), Files.readString(layout.dockerfile()).replace("candidate", "alpha"));

    assertThat(findings(layout, Finding.Severity.WARNING))
        .anyMatch(w -> w.contains("unable to find the resource requests for the container: (operator)"))
        .anyMatch(w -> w.contains("channel(s) [alpha] are not following the recommended naming convention"));
    assertThat(findings(layout, Finding.Severity.ERROR)).isEmpty();
  }

  @Test
  void dockerfileLabelsThatDifferFromTheAnnotationsAreAnError() throws IOException {
    BundleLayout layout = copyOfCommittedBundle();
    Files.writeString(layout.dockerfile(), Files.readString(layout.dockerfile())
        .replace("package.v1=apiserver-operator", "package.v1=other"));

    assertThat(findings(layout, Finding.Severity.ERROR)).anyMatch(e -> e.contains("labels") && e.contains("differ"));
  }

  @Test
  void crdWithTwoStorageVersionsIsAnError() throws IOException {
    BundleLayout layout = copyOfCommittedBundle();
    Path crdFile = layout.manifests().resolve("aggregation.dev_apiservers.yaml");
    ObjectNode crd = Yaml.readOne(crdFile);
    ArrayNode versions = (ArrayNode) crd.get("spec").get("versions");
    versions.add(((ObjectNode) versions.get(0).deepCopy()).put("name", "v1alpha2"));
    Files.writeString(crdFile, Yaml.write(crd));

    assertThat(findings(layout, Finding.Severity.ERROR))
        .anyMatch(e -> e.contains("exactly one version marked as storage version"));
  }
}
