package dev.aggregation.apiserver.registry.fieldmanager;

import java.util.ArrayList;
import java.util.List;

/** A path from the object's root to a field, printed as Kubernetes prints it: {@code .spec.ports[port=80].name}. */
public record FieldPath(List<PathElement> elements) {
  public FieldPath {
    elements = List.copyOf(elements);
  }

  public static FieldPath of(PathElement... elements) {
    return new FieldPath(List.of(elements));
  }

  public static FieldPath root() {
    return new FieldPath(List.of());
  }

  /** A path of plain fields: {@code FieldPath.fields("spec", "replicas")}. */
  public static FieldPath fields(String... names) {
    List<PathElement> elements = new ArrayList<>();
    for (String name : names) {
      elements.add(PathElement.field(name));
    }
    return new FieldPath(elements);
  }

  public FieldPath child(PathElement element) {
    List<PathElement> longer = new ArrayList<>(elements);
    longer.add(element);
    return new FieldPath(longer);
  }

  public boolean isRoot() {
    return elements.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    elements.forEach(sb::append);
    return sb.toString();
  }
}
