package dev.aggregation.tools.bundle;

import java.util.List;
import java.util.Optional;

/**
 * What a release chooses for its bundle.
 *
 * @param version the operator version, X.Y.Z
 * @param channels the OLM channels the bundle is in
 * @param defaultChannel the package's default channel; one of {@code channels}
 * @param previous the release this one replaces; when empty, the version of the bundle already in bundle/ if it
 *     is older (the usual case: bump VERSION and regenerate), or none for the first release
 */
record BundleSettings(SemVer version, List<String> channels, String defaultChannel, Optional<SemVer> previous) {
  BundleSettings {
    channels = List.copyOf(channels);
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("a bundle needs at least one channel");
    }
    if (!channels.contains(defaultChannel)) {
      throw new IllegalArgumentException("default channel " + defaultChannel + " is not one of " + channels);
    }
    previous.ifPresent(p -> {
      if (p.compareTo(version) >= 0) {
        throw new IllegalArgumentException("the replaced release " + p + " is not older than " + version);
      }
    });
  }
}
