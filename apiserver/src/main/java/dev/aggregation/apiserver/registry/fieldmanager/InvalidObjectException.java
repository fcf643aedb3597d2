package dev.aggregation.apiserver.registry.fieldmanager;

/**
 * An object that cannot be walked with its merge schema, e.g. a map-list item missing a key field. The message
 * reads like structured-merge-diff's: {@code .spec.ports: element 0: associative list with keys has an element
 * that omits key field "port" (and doesn't have default value)}.
 */
final class InvalidObjectException extends RuntimeException {
  InvalidObjectException(FieldPath path, String message) {
    super(path.isRoot() ? message : path + ": " + message);
  }
}
