package dev.aggregation.tools.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bundle format (registry+v1): metadata/annotations.yaml with the mediatype, manifests and metadata
 * directories, package and channels, a default channel among the channels; bundle.Dockerfile with exactly the
 * same labels (opm and OLM read the image labels, operator-sdk the file) copying both directories.
 */
final class MetadataCheck implements BundleCheck {
  static final String NAME = "metadata";

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    Map<String, String> annotations = bundle.annotations();
    expect(annotations, BundleLayout.MEDIATYPE_KEY, "registry+v1", findings);
    expect(annotations, BundleLayout.MANIFESTS_KEY, BundleLayout.MANIFESTS, findings);
    expect(annotations, BundleLayout.METADATA_KEY, BundleLayout.METADATA, findings);
    if (annotations.getOrDefault(BundleLayout.PACKAGE_KEY, "").isBlank()) {
      findings.add(Finding.error(NAME, BundleLayout.PACKAGE_KEY + " is missing"));
    }
    List<String> channels = List.of(annotations.getOrDefault(BundleLayout.CHANNELS_KEY, "").split(","));
    if (channels.stream().allMatch(String::isBlank)) {
      findings.add(Finding.error(NAME, BundleLayout.CHANNELS_KEY + " is missing"));
    }
    String defaultChannel = annotations.get(BundleLayout.DEFAULT_CHANNEL_KEY);
    if (defaultChannel != null && !channels.contains(defaultChannel)) {
      findings.add(Finding.error(NAME, "default channel " + defaultChannel + " is not one of the channels " + channels));
    }
    if (!bundle.csvs().isEmpty()) {
      String csvName = Yaml.text(bundle.csv(), "metadata.name");
      String pkg = annotations.getOrDefault(BundleLayout.PACKAGE_KEY, "");
      if (!csvName.startsWith(pkg + ".")) {
        findings.add(Finding.warning(NAME, "CSV " + csvName + " is not named after package " + pkg));
      }
    }
    if (bundle.dockerLabels().isEmpty()) {
      findings.add(Finding.error(NAME, BundleLayout.DOCKERFILE + " is missing or has no labels"));
    } else if (!bundle.dockerLabels().equals(annotations)) {
      findings.add(Finding.error(NAME, BundleLayout.DOCKERFILE + " labels " + bundle.dockerLabels()
          + " differ from metadata/annotations.yaml " + annotations));
    }
    for (String copy : List.of("bundle/manifests /manifests/", "bundle/metadata /metadata/")) {
      if (!bundle.dockerCopies().contains(copy)) {
        findings.add(Finding.error(NAME, BundleLayout.DOCKERFILE + " does not COPY " + copy));
      }
    }
    return findings;
  }

  private static void expect(Map<String, String> annotations, String key, String value, List<Finding> findings) {
    if (!value.equals(annotations.get(key))) {
      findings.add(Finding.error(NAME, key + " must be " + value + ", is " + annotations.get(key)));
    }
  }
}
