package dev.aggregation.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster's RBAC as far as the tests need it: grants of verbs on a group's resources to a user or a group,
 * {@code system:masters} allowed everything, and the {@code system:discovery} role (GET of the discovery paths
 * for everyone). A SubjectAccessReview nothing grants gets no opinion, which Kubernetes turns into a 403.
 */
final class AccessRules {
  /** A grant to a user or group name; {@code "*"} in verbs or resources matches all. */
  record Grant(String subject, Set<String> verbs, String apiGroup, Set<String> resources) {
    boolean matches(JsonNode spec) {
      if (!subjectMatches(spec)) {
        return false;
      }
      JsonNode attributes = spec.path("resourceAttributes");
      return attributes.isObject()
          && anyOrContains(verbs, attributes.path("verb").asText())
          && apiGroup.equals(attributes.path("group").asText())
          && anyOrContains(resources, resourceOf(attributes));
    }

    private boolean subjectMatches(JsonNode spec) {
      if (subject.equals(spec.path("user").asText())) {
        return true;
      }
      for (JsonNode group : spec.path("groups")) {
        if (subject.equals(group.asText())) {
          return true;
        }
      }
      return false;
    }

    private static String resourceOf(JsonNode attributes) {
      String subresource = attributes.path("subresource").asText("");
      String resource = attributes.path("resource").asText();
      return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    private static boolean anyOrContains(Set<String> values, String value) {
      return values.contains("*") || values.contains(value);
    }
  }

  /** What system:discovery and system:public-info-viewer let anyone GET. */
  private static final List<String> PUBLIC_PATHS =
      List.of("/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version", "/version/", "/healthz", "/livez", "/readyz");

  private final List<Grant> grants = new CopyOnWriteArrayList<>();

  void grant(String subject, Set<String> verbs, String apiGroup, Set<String> resources) {
    grants.add(new Grant(subject, verbs, apiGroup, resources));
  }

  /** The SubjectAccessReview status for a review's {@code spec}. */
  Decision decide(JsonNode spec) {
    for (JsonNode group : spec.path("groups")) {
      if (group.asText().equals("system:masters")) {
        return Decision.ALLOW;
      }
    }
    JsonNode nonResource = spec.path("nonResourceAttributes");
    if (nonResource.isObject()) {
      return nonResource.path("verb").asText().equals("get") && isPublic(nonResource.path("path").asText())
          ? Decision.ALLOW
          : Decision.NO_OPINION;
    }
    return grants.stream().anyMatch(grant -> grant.matches(spec)) ? Decision.ALLOW : Decision.NO_OPINION;
  }

  private static boolean isPublic(String path) {
    return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.endsWith("*")
        ? path.startsWith(pattern.substring(0, pattern.length() - 1))
        : path.equals(pattern));
  }

  enum Decision { ALLOW, NO_OPINION }
}
