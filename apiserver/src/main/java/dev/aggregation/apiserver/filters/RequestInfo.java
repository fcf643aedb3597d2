package dev.aggregation.apiserver.filters;

/**
 * What a request is about, derived from its method and URL as k8s.io/apiserver's RequestInfoFactory does.
 * For a non-resource request only {@code verb} (the lower-cased HTTP method) and {@code path} are set.
 *
 * @param verb get, list, watch, create, update, patch, delete, deletecollection; or the HTTP method
 * @param apiPrefix "apis" (or "api") for resource requests
 * @param name the object's name; for list/watch it is the value of a {@code metadata.name=} field selector
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
    String name) {

  public static RequestInfo nonResource(String path, String httpMethod) {
    return new RequestInfo(false, path, httpMethod.toLowerCase(java.util.Locale.ROOT), "", "", "", "", "", "", "");
  }
}
