package dev.aggregation.apiserver.filters;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Derives {@link RequestInfo} from a method, path and query, with the rules of k8s.io/apiserver's
 * RequestInfoFactory: {@code /apis/<group>/<version>/[watch/][namespaces/<ns>/]<resource>[/<name>[/<sub>]]} is a
 * resource request, everything else (including the discovery paths) a non-resource one.
 */
public final class RequestInfoResolver {
  private static final Set<String> API_PREFIXES = Set.of("apis", "api");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public RequestInfo resolve(String method, String path, MultiMap query) {
    List<String> parts = split(path);
    if (parts.isEmpty() || !API_PREFIXES.contains(parts.get(0))) {
      return RequestInfo.nonResource(path, method);
    }
    String apiPrefix = parts.get(0);
    int groupParts = apiPrefix.equals("api") ? 1 : 2;
    // /apis/<g>/<v> needs at least one more segment to address a resource
    if (parts.size() < 2 + groupParts) {
      return RequestInfo.nonResource(path, method);
    }
    String group = apiPrefix.equals("api") ? "" : parts.get(1);
    String version = parts.get(groupParts);
    List<String> rest = new ArrayList<>(parts.subList(1 + groupParts, parts.size()));

    String verb;
    boolean watchPrefix = false;
    if (!rest.isEmpty() && rest.get(0).equals("watch")) {
      watchPrefix = true;
      rest.remove(0);
    }
    if (rest.isEmpty()) {
      return RequestInfo.nonResource(path, method);
    }

    String namespace = "";
    if (rest.get(0).equals("namespaces")) {
      if (rest.size() > 1) {
        namespace = rest.get(1);
        // /namespaces/<ns> addresses the namespace itself, and so do its status and finalize subresources
        if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
          rest = rest.subList(2, rest.size());
        }
      }
    }

    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    if (rest.size() > 3) {
      // deeper paths name no object the API knows; keep the resource so authorization sees it, the router 404s
      subresource = String.join("/", rest.subList(2, rest.size()));
    }

    switch (method.toUpperCase(Locale.ROOT)) {
      case "POST" -> verb = "create";
      case "GET", "HEAD" -> verb = name.isEmpty() ? (watchPrefix || isWatch(query) ? "watch" : "list") : (watchPrefix ? "watch" : "get");
      case "PUT" -> verb = "update";
      case "PATCH" -> verb = "patch";
      case "DELETE" -> verb = name.isEmpty() ? "deletecollection" : "delete";
      default -> verb = method.toLowerCase(Locale.ROOT);
    }
    if ((verb.equals("list") || verb.equals("watch") || verb.equals("deletecollection")) && name.isEmpty()) {
      name = nameFromFieldSelector(query.get("fieldSelector"));
    }
    return new RequestInfo(true, path, verb, apiPrefix, group, version, namespace, resource, subresource, name);
  }

  private static boolean isWatch(MultiMap query) {
    String watch = query.get("watch");
    return watch != null && (watch.equals("1") || watch.equalsIgnoreCase("true"));
  }

  /** The name of a {@code metadata.name=<n>} requirement, so that resourceNames RBAC applies to list and watch. */
  private static String nameFromFieldSelector(String selector) {
    if (selector == null || selector.isEmpty()) {
      return "";
    }
    for (String requirement : selector.split(",")) {
      String r = requirement.trim();
      for (String op : new String[] {"==", "="}) {
        String prefix = "metadata.name" + op;
        if (r.startsWith(prefix) && !r.startsWith("metadata.name!=")) {
          return r.substring(prefix.length());
        }
      }
    }
    return "";
  }

  private static List<String> split(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(trimmed.split("/"));
  }
}
