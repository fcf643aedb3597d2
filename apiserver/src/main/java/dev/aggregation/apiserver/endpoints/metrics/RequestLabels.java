package dev.aggregation.apiserver.endpoints.metrics;

import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The labels kube-apiserver puts on {@code apiserver_request_total} and
 * {@code apiserver_request_duration_seconds} (k8s.io/apiserver endpoints/metrics): the verb as it reports it
 * ({@code LIST}, {@code WATCH}, {@code APPLY}, ...), group, version, resource, subresource, the scope
 * ({@code resource}, {@code namespace}, {@code cluster}, or empty for non-resource requests) and the
 * component ({@code apiserver} for resource requests).
 */
public record RequestLabels(
    String verb, String group, String version, String resource, String subresource, String scope, String component) {
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final String COMPONENT = "apiserver";
  /** Non-resource paths kube-apiserver instruments, with the path as subresource; other paths stay unlabelled so that scans cannot grow the series. */
  private static final Set<String> INSTRUMENTED_PATHS = Set.of("/healthz", "/livez", "/readyz");

  /**
   * Equality and hash written out over every component: every request looks its meters up by its labels, and a
   * record's generated methods went through method handles that a GET profile showed not inlined. A component
   * added to the record must be added here.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RequestLabels labels
        && Objects.equals(verb, labels.verb)
        && Objects.equals(resource, labels.resource)
        && Objects.equals(group, labels.group)
        && Objects.equals(version, labels.version)
        && Objects.equals(subresource, labels.subresource)
        && Objects.equals(scope, labels.scope)
        && Objects.equals(component, labels.component);
  }

  @Override
  public int hashCode() {
    int hash = Objects.hashCode(verb);
    hash = 31 * hash + Objects.hashCode(group);
    hash = 31 * hash + Objects.hashCode(version);
    hash = 31 * hash + Objects.hashCode(resource);
    hash = 31 * hash + Objects.hashCode(subresource);
    hash = 31 * hash + Objects.hashCode(scope);
    return 31 * hash + Objects.hashCode(component);
  }

  /**
   * @param info the request's attributes, or {@code null} if no request-info filter ran
   * @param method the HTTP method
   * @param path the request path
   * @param contentType the request's Content-Type, to tell server-side apply from other patches
   */
  public static RequestLabels of(RequestInfo info, String method, String path, String contentType) {
    if (info == null || !info.resourceRequest()) {
      String subresource = INSTRUMENTED_PATHS.contains(path) ? path : "";
      return new RequestLabels(method.toUpperCase(Locale.ROOT), "", "", "", subresource, "", "");
    }
    return new RequestLabels(
        reportedVerb(info.verb(), method, contentType),
        info.apiGroup(),
        info.apiVersion(),
        info.resource(),
        info.subresource(),
        scope(info),
        COMPONENT);
  }

  private static String reportedVerb(String verb, String method, String contentType) {
    return switch (verb) {
      case "get" -> "GET";
      case "list" -> "LIST";
      case "watch" -> "WATCH";
      case "create" -> "POST";
      case "update" -> "PUT";
      case "patch" -> contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(APPLY_PATCH) ? "APPLY" : "PATCH";
      case "delete", "deletecollection" -> "DELETE";
      default -> method.toUpperCase(Locale.ROOT);
    };
  }

  private static String scope(RequestInfo info) {
    if (!info.name().isEmpty() || info.verb().equals("create")) {
      return "resource";
    }
    if (!info.namespace().isEmpty()) {
      return "namespace";
    }
    return "cluster";
  }
}
