package dev.aggregation.apiserver.machinery;

/** A resource in a group, as Kubernetes names it in messages: {@code flunders.wardle.example.com}. */
public record GroupResource(String group, String resource) {
  @Override
  public String toString() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
