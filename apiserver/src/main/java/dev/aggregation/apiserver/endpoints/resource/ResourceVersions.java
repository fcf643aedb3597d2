package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.ApiErrors;

/** Parses resourceVersion parameters: decimal revisions, "" and "0" meaning "any". */
final class ResourceVersions {
  private ResourceVersions() {}

  static long parse(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      return 0;
    }
    try {
      long value = Long.parseLong(resourceVersion);
      if (value < 0) {
        throw new NumberFormatException("negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiErrors.badRequest("invalid resource version \"" + resourceVersion + "\": " + e.getMessage());
    }
  }
}
