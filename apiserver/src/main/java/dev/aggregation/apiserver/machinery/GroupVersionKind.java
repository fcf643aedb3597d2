package dev.aggregation.apiserver.machinery;

/** A kind in one version of a group. */
public record GroupVersionKind(String group, String version, String kind) {
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
