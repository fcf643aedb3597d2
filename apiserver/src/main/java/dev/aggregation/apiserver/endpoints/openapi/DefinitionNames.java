package dev.aggregation.apiserver.endpoints.openapi;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Names of OpenAPI definitions. Kubernetes names a definition by the reversed Go package of its type; kinds
 * served from a schema rather than Go types are named as apiextensions-apiserver names custom resources: the
 * reversed group, the version and the kind ({@code wardle.example.com}, {@code v1alpha1}, {@code Flunder} →
 * {@code com.example.wardle.v1alpha1.Flunder}).
 */
public final class DefinitionNames {
  public static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  public static final String OBJECT_META = META + "ObjectMeta";
  public static final String LIST_META = META + "ListMeta";
  public static final String STATUS = META + "Status";
  public static final String DELETE_OPTIONS = META + "DeleteOptions";
  public static final String PATCH = META + "Patch";
  public static final String WATCH_EVENT = META + "WatchEvent";

  private DefinitionNames() {}

  public static String kind(String group, String version, String kind) {
    List<String> parts = Arrays.asList(group.split("\\."));
    Collections.reverse(parts);
    return parts.stream().collect(Collectors.joining(".")) + "." + version + "." + kind;
  }

  /** A reference in the Swagger 2.0 form; {@link V3Conversion} moves it under components. */
  public static String ref(String definition) {
    return "#/definitions/" + definition;
  }
}
