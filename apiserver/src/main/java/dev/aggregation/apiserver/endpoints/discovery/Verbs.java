package dev.aggregation.apiserver.endpoints.discovery;

import java.util.List;

/** The verbs discovery advertises; sorted, as k8s.io/apiserver sorts them. */
final class Verbs {
  /** What the generic registry serves on every kind. */
  static final List<String> RESOURCE =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** The status subresource: read, replace and patch. */
  static final List<String> STATUS = List.of("get", "patch", "update");

  private Verbs() {}
}
