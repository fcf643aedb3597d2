package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * How OLM reaches this release: {@code spec.replaces} names the previous CSV, and {@code olm.skipRange} lets any
 * release since the first jump here in one hop (FBC catalogs take both from the channel; sqlite-era catalogs
 * from the CSV). The first release has neither.
 */
record UpgradeEdge(Optional<String> replaces, Optional<String> skipRange) {
  static final String SKIP_RANGE = "olm.skipRange";

  static UpgradeEdge none() {
    return new UpgradeEdge(Optional.empty(), Optional.empty());
  }

  /**
   * From the CSV currently in bundle/: regenerating the same version keeps its edge; a newer version replaces it
   * and extends its range's lower bound.
   */
  static UpgradeEdge of(BundleSettings settings, Optional<ObjectNode> existingCsv) {
    Optional<SemVer> existingVersion = existingCsv.map(csv -> SemVer.parse(Yaml.text(csv, "spec.version")));
    Optional<SemVer> previous = settings.previous();
    if (previous.isEmpty() && existingVersion.isPresent()) {
      int c = existingVersion.get().compareTo(settings.version());
      if (c == 0) {
        return new UpgradeEdge(
            Optional.of(Yaml.text(existingCsv.get(), "spec.replaces")).filter(s -> !s.isEmpty()),
            skipRangeOf(existingCsv.get()));
      }
      if (c > 0) {
        throw new IllegalArgumentException("bundle/ holds " + existingVersion.get() + ", newer than " + settings.version()
            + "; pass PREVIOUS_VERSION to build an older release");
      }
      previous = existingVersion;
    }
    if (previous.isEmpty()) {
      return none();
    }
    SemVer oldest = previous.get();
    if (existingVersion.isPresent() && existingVersion.get().equals(previous.get())) {
      Optional<String> existingRange = skipRangeOf(existingCsv.get());
      if (existingRange.isPresent()) {
        oldest = SemVerRange.parse(existingRange.get()).lowerBound();
      }
    }
    return new UpgradeEdge(Optional.of(csvName(previous.get())),
        Optional.of(">=" + oldest + " <" + settings.version()));
  }

  static Optional<String> skipRangeOf(ObjectNode csv) {
    return Optional.ofNullable(csv.path("metadata").path("annotations").get(SKIP_RANGE)).map(n -> n.asText());
  }

  static String csvName(SemVer version) {
    return BundleLayout.PACKAGE + ".v" + version;
  }
}
