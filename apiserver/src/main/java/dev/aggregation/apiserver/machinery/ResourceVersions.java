package dev.aggregation.apiserver.machinery;

/**
 * Parses {@code resourceVersion} strings (query parameters and {@code metadata.resourceVersion}) as
 * APIObjectVersioner.ParseResourceVersion: empty and {@code "0"} both mean 0 ("any"), anything else must be a
 * decimal unsigned 64-bit number; errors carry Go's strconv messages, which clients see.
 */
public final class ResourceVersions {
  private ResourceVersions() {}

  /**
   * The revision {@code resourceVersion} names; 0 for null, empty or {@code "0"}. Values above
   * {@link Long#MAX_VALUE} (valid for Go, never produced by etcd) are rejected as out of range.
   *
   * @throws InvalidResourceVersionException with Kubernetes' field error
   */
  public static long parse(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      return 0;
    }
    for (int i = 0; i < resourceVersion.length(); i++) {
      char c = resourceVersion.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(resourceVersion, "invalid syntax");
      }
    }
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException tooLarge) {
      throw invalid(resourceVersion, "value out of range");
    }
  }

  /** The text resourceVersion {@code revision} is written as. */
  public static String format(long revision) {
    return Long.toString(revision);
  }

  private static InvalidResourceVersionException invalid(String value, String why) {
    return new InvalidResourceVersionException(
        FieldError.invalid(
            "resourceVersion", value, "strconv.ParseUint: parsing " + GoStrings.quote(value) + ": " + why));
  }
}
