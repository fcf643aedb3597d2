package dev.aggregation.tools.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The committed bundle (bundle/, bundle.Dockerfile): valid, and what `make bundle` makes from config/ today. */
class CommittedBundleTest {
  static final BundleLayout PROJECT = new BundleLayout(Path.of(System.getProperty("project.root")).normalize());

  @Test
  void committedBundlePassesEveryCheckWithoutErrorsOrWarnings() {
    List<Finding> findings = new BundleValidator().validate(LoadedBundle.read(PROJECT));

    assertThat(findings).isEmpty();
  }

  @Test
  void committedBundleIsWhatTheGeneratorMakesFromConfig() throws Exception {
    ObjectNode committed = Yaml.readOne(PROJECT.csv());
    Map<String, String> annotations = LoadedBundle.read(PROJECT).annotations();
    List<String> channels = List.of(annotations.get(BundleLayout.CHANNELS_KEY).split(","));
    BundleSettings settings = new BundleSettings(SemVer.parse(Yaml.text(committed, "spec.version")), channels,
        annotations.get(BundleLayout.DEFAULT_CHANNEL_KEY), Optional.empty());

    Map<String, String> generated = new BundleGenerator(PROJECT).generate(settings, Optional.of(committed));

    for (Map.Entry<String, String> file : generated.entrySet()) {
      assertThat(Files.readString(PROJECT.root().resolve(file.getKey())))
          .as("%s is stale: run `make bundle VERSION=%s` and commit the result", file.getKey(), settings.version())
          .isEqualTo(file.getValue());
    }
    try (var listed = Files.list(PROJECT.manifests())) {
      assertThat(listed.map(p -> "bundle/manifests/" + p.getFileName()).toList())
          .as("files in bundle/manifests that the generator no longer makes")
          .allMatch(generated::containsKey);
    }
  }

  @Test
  void bundleCrdIsTheCommittedCrd() {
    ObjectNode inBundle = Yaml.readOne(PROJECT.manifests().resolve("aggregation.dev_apiservers.yaml"));
    ObjectNode committed = Yaml.readOne(PROJECT.config().resolve("crd/bases/apiservers.aggregation.dev-v1.yml"));

    assertThat(inBundle).isEqualTo(committed);
  }
}
