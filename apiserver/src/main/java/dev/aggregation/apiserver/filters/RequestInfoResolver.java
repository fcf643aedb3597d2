package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.selection.FieldSelector;
import dev.aggregation.apiserver.machinery.selection.LabelSelector;
import dev.aggregation.apiserver.machinery.selection.SelectorParseException;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Derives {@link RequestInfo} from a method, path and query, with the rules of k8s.io/apiserver's
 * RequestInfoFactory: {@code /apis/<group>/<version>/[watch/|proxy/][namespaces/<ns>/]<resource>[/<name>[/<sub>]]}
 * (and {@code /api/<version>/...}) is a resource request, everything else (including the discovery paths) a
 * non-resource one.
 */
public final class RequestInfoResolver {
  private static final Set<String> API_PREFIXES = Set.of("apis", "api");
  private static final String GROUPLESS_PREFIX = "api";
  /** Path segments that set the verb instead of naming a resource: the legacy {@code /watch/} and {@code /proxy/}. */
  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  /** A proxy's path past the name is the proxied path, not a subresource. */
  private static final String VERB_WITHOUT_SUBRESOURCES = "proxy";
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  /** The ListOptions query parameters whose decoding can fail; then Kubernetes sets no name from the selector. */
  private static final List<String> INTEGER_LIST_OPTIONS = List.of("limit", "timeoutSeconds");
  /** The verbs whose selectors are authorized (AuthorizeWithSelectors, on by default since Kubernetes 1.32). */
  private static final Set<String> VERBS_WITH_SELECTORS = Set.of("list", "watch", "deletecollection");

  /**
   * @throws RequestInfoException for a special verb with nothing after it ({@code /apis/g/v/watch})
   */
  public RequestInfo resolve(String method, String path, MultiMap query) {
    RequestInfo nonResource = RequestInfo.nonResource(path, method);
    List<String> parts = split(path);
    if (parts.size() < 3 || !API_PREFIXES.contains(parts.get(0))) {
      return nonResource;
    }
    String apiPrefix = parts.get(0);
    List<String> rest = parts.subList(1, parts.size());
    String group = "";
    if (!apiPrefix.equals(GROUPLESS_PREFIX)) {
      // /apis/<g>/<v> needs at least one more segment to address a resource
      if (rest.size() < 3) {
        return nonResource;
      }
      group = rest.get(0);
      rest = rest.subList(1, rest.size());
    }
    String version = rest.get(0);
    rest = rest.subList(1, rest.size());

    String verb;
    boolean verbViaPath = SPECIAL_VERBS.contains(rest.get(0));
    if (verbViaPath) {
      if (rest.size() < 2) {
        throw new RequestInfoException("unable to determine kind and namespace from url, " + path);
      }
      verb = rest.get(0);
      rest = rest.subList(1, rest.size());
    } else {
      verb = switch (method.toUpperCase(Locale.ROOT)) {
        case "POST" -> "create";
        case "GET", "HEAD" -> "get";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> "";
      };
    }

    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      // /namespaces/<ns> addresses the namespace itself, and so do its status and finalize subresources
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }

    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 && !verb.equals(VERB_WITHOUT_SUBRESOURCES) ? rest.get(2) : "";

    if (name.isEmpty() && verb.equals("get")) {
      verb = isWatch(query) ? "watch" : "list";
      name = nameFromFieldSelector(query).orElse("");
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    String fieldSelector = "";
    String labelSelector = "";
    // The legacy /watch/ paths do not carry selectors consistently, so Kubernetes authorizes none of theirs; the
    // raw values are read even when the other list options do not decode.
    if (!verbViaPath && VERBS_WITH_SELECTORS.contains(verb)) {
      fieldSelector = Optional.ofNullable(query.get("fieldSelector")).orElse("");
      labelSelector = Optional.ofNullable(query.get("labelSelector")).orElse("");
    }
    return new RequestInfo(
        true, path, verb, apiPrefix, group, version, namespace, resource, subresource, name, rest, fieldSelector, labelSelector);
  }

  /** As Kubernetes converts a query value to a bool: only "0" and "false" (any case) are false, even "" is true. */
  private static boolean isWatch(MultiMap query) {
    String watch = query.get("watch");
    return watch != null && !watch.equals("0") && !watch.equalsIgnoreCase("false");
  }

  /**
   * The name a {@code metadata.name=<n>} field selector pins a list or watch to, so that resourceNames RBAC applies;
   * none when the ListOptions do not decode or the name could not be a path segment.
   */
  private static Optional<String> nameFromFieldSelector(MultiMap query) {
    try {
      for (String option : INTEGER_LIST_OPTIONS) {
        String value = query.get(option);
        if (value != null) {
          Long.parseLong(value);
        }
      }
      LabelSelector.parse(query.get("labelSelector"));
      return FieldSelector.parse(query.get("fieldSelector")).requiredName().filter(RequestInfoResolver::isPathSegmentName);
    } catch (NumberFormatException | SelectorParseException e) {
      return Optional.empty();
    }
  }

  /** path.IsValidPathSegmentName. */
  private static boolean isPathSegmentName(String name) {
    return !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('%') < 0;
  }

  private static List<String> split(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    if (start == end) {
      return List.of();
    }
    // limit -1 keeps empty segments, as Go's strings.Split does
    return Arrays.asList(path.substring(start, end).split("/", -1));
  }
}
