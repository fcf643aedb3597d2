package dev.aggregation.apiserver.admission.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import java.util.List;

/**
 * k8s.io/apiserver's rules.Matcher: a rule matches when its scope, operations, API groups, versions and
 * resources all do. {@code *} matches any group, version, operation or resource (but a resource's subresources
 * only through {@code x/*} or {@code * /*}); {@code resource/subresource} names a subresource.
 */
final class RuleMatcher {
  private RuleMatcher() {}

  /** The request side of the match. The aggregated server serves no Namespace kind, so scope is just the namespace. */
  record Target(String operation, String group, String version, String resource, String subresource, boolean namespaced) {}

  static boolean matches(RuleWithOperations rule, Target target) {
    return scope(rule.getScope(), target)
        && exactOrWildcard(rule.getOperations(), target.operation())
        && exactOrWildcard(rule.getApiGroups(), target.group())
        && exactOrWildcard(rule.getApiVersions(), target.version())
        && resource(rule.getResources(), target);
  }

  private static boolean scope(String scope, Target target) {
    if (scope == null || scope.equals("*")) {
      return true;
    }
    return switch (scope) {
      case "Namespaced" -> target.namespaced();
      case "Cluster" -> !target.namespaced();
      default -> false;
    };
  }

  private static boolean exactOrWildcard(List<String> items, String requested) {
    if (items == null) {
      return false;
    }
    return items.stream().anyMatch(item -> item.equals("*") || item.equals(requested));
  }

  private static boolean resource(List<String> resources, Target target) {
    if (resources == null) {
      return false;
    }
    for (String spec : resources) {
      int slash = spec.indexOf('/');
      String res = slash < 0 ? spec : spec.substring(0, slash);
      String sub = slash < 0 ? "" : spec.substring(slash + 1);
      boolean resMatch = res.equals("*") || res.equals(target.resource());
      boolean subMatch = sub.equals("*") || sub.equals(target.subresource());
      if (resMatch && subMatch) {
        return true;
      }
    }
    return false;
  }
}
