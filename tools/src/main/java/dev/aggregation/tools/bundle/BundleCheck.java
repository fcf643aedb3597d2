package dev.aggregation.tools.bundle;

import java.util.List;

/** One group of operator-framework/api's validation rules (pkg/validation/internal), applied to a bundle. */
interface BundleCheck {
  List<Finding> check(LoadedBundle bundle);
}
