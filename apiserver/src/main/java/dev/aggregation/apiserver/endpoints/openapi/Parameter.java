package dev.aggregation.apiserver.endpoints.openapi;

/**
 * A path or query parameter of an operation.
 *
 * @param type the JSON type: string, integer or boolean
 */
record Parameter(String name, String in, String type, boolean required, String description) {
  static Parameter query(String name, String type, String description) {
    return new Parameter(name, "query", type, false, description);
  }

  static Parameter path(String name, String description) {
    return new Parameter(name, "path", "string", true, description);
  }
}
