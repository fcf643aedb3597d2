package dev.aggregation.apiserver.filters;

import java.util.List;

/**
 * What a request is about, derived from its method and URL as k8s.io/apiserver's RequestInfoFactory does.
 * For a non-resource request only {@code verb} (the lower-cased HTTP method) and {@code path} are set.
 *
 * @param verb get, list, watch, create, update, patch, delete, deletecollection, proxy; or the HTTP method
 * @param apiPrefix "apis" (or "api") for resource requests
 * @param name the object's name; for list/watch it is the value of a {@code metadata.name=} field selector
 * @param parts the path segments from the resource on ({@code resource/name/subresource/...}); segments past the
 *     subresource are named by no attribute, but make the path one the API does not serve
 * @param fieldSelector the raw {@code fieldSelector} query value of a list, watch or deletecollection (not of the
 *     legacy {@code /watch/} paths), for authorization with selectors; empty otherwise
 * @param labelSelector the same for {@code labelSelector}
 */
public record RequestInfo(
    boolean resourceRequest,
    String path,
    String verb,
    String apiPrefix,
    String apiGroup,
    String apiVersion,
    String namespace,
    String resource,
    String subresource,
    String name,
    List<String> parts,
    String fieldSelector,
    String labelSelector) {

  public RequestInfo {
    parts = List.copyOf(parts);
    fieldSelector = fieldSelector == null ? "" : fieldSelector;
    labelSelector = labelSelector == null ? "" : labelSelector;
  }

  /** A request info without selectors. */
  public RequestInfo(
      boolean resourceRequest,
      String path,
      String verb,
      String apiPrefix,
      String apiGroup,
      String apiVersion,
      String namespace,
      String resource,
      String subresource,
      String name,
      List<String> parts) {
    this(resourceRequest, path, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts, "", "");
  }

  /** A request info whose parts are just its resource, name and subresource. */
  public RequestInfo(
      boolean resourceRequest,
      String path,
      String verb,
      String apiPrefix,
      String apiGroup,
      String apiVersion,
      String namespace,
      String resource,
      String subresource,
      String name) {
    this(resourceRequest, path, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name,
        java.util.stream.Stream.of(resource, name, subresource).filter(s -> !s.isEmpty()).toList());
  }

  public static RequestInfo nonResource(String path, String httpMethod) {
    return new RequestInfo(
        false, path, httpMethod.toLowerCase(java.util.Locale.ROOT), "", "", "", "", "", "", "", List.of(), "", "");
  }
}
