package dev.aggregation.apiserver.endpoints.codec;

import dev.aggregation.apiserver.machinery.ApiErrors;

/** The {@code fieldValidation} query parameter: what to do with unknown and duplicate fields in a body. */
public enum FieldValidation {
  IGNORE,
  WARN,
  STRICT;

  /** Absent means Warn, as in Kubernetes. */
  public static FieldValidation parse(String value) {
    if (value == null || value.isEmpty()) {
      return WARN;
    }
    return switch (value) {
      case "Ignore" -> IGNORE;
      case "Warn" -> WARN;
      case "Strict" -> STRICT;
      default -> throw ApiErrors.badRequest(
          "fieldValidation parameter unsupported: " + value + ". Supported values are: Ignore, Warn, Strict");
    };
  }
}
