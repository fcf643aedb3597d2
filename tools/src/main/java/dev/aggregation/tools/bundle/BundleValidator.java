package dev.aggregation.tools.bundle;

import java.util.List;

/** Every check of the bundle, in the order operator-sdk's {@code bundle validate} reports them. */
final class BundleValidator {
  private final List<BundleCheck> checks = List.of(new MetadataCheck(), new CsvCheck(), new CrdCheck(),
      new ContentCheck(), new GoodPracticeCheck(), new OperatorHubCheck());

  List<Finding> validate(LoadedBundle bundle) {
    return checks.stream().flatMap(check -> check.check(bundle).stream()).toList();
  }
}
