package dev.aggregation.apiserver.audit;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides the audit level of a request as k8s.io/apiserver's policy checker does: the first rule whose users,
 * groups, verbs, resources/namespaces or non-resource URLs all match wins; no match is level None. The rule's
 * omitted stages add to the policy's.
 */
public final class PolicyEvaluator {
  private final Policy policy;

  public PolicyEvaluator(Policy policy) {
    this.policy = policy;
  }

  /** {@code user} is null when the request could not be authenticated. */
  public RequestAuditConfig evaluate(UserInfo user, RequestInfo request) {
    for (PolicyRule rule : policy.rules()) {
      if (matches(rule, user, request)) {
        Set<Stage> omit = EnumSet.noneOf(Stage.class);
        omit.addAll(policy.omitStages());
        omit.addAll(rule.omitStages());
        boolean omitManagedFields = rule.omitManagedFields() != null ? rule.omitManagedFields() : policy.omitManagedFields();
        return new RequestAuditConfig(rule.level(), omit, omitManagedFields);
      }
    }
    return new RequestAuditConfig(Level.NONE, policy.omitStages(), policy.omitManagedFields());
  }

  private static boolean matches(PolicyRule rule, UserInfo user, RequestInfo request) {
    if (!rule.users().isEmpty() && (user == null || !rule.users().contains(user.name()))) {
      return false;
    }
    if (!rule.userGroups().isEmpty() && (user == null || user.groups().stream().noneMatch(rule.userGroups()::contains))) {
      return false;
    }
    if (!rule.verbs().isEmpty() && !rule.verbs().contains(request.verb())) {
      return false;
    }
    if (!rule.namespaces().isEmpty() || !rule.resources().isEmpty()) {
      return matchesResource(rule, request);
    }
    if (!rule.nonResourceURLs().isEmpty()) {
      return !request.resourceRequest() && rule.nonResourceURLs().stream().anyMatch(spec -> pathMatches(request.path(), spec));
    }
    return true;
  }

  private static boolean matchesResource(PolicyRule rule, RequestInfo request) {
    if (!request.resourceRequest()) {
      return false;
    }
    // cluster-scoped resources have the empty namespace, which a rule may list
    if (!rule.namespaces().isEmpty() && !rule.namespaces().contains(request.namespace())) {
      return false;
    }
    if (rule.resources().isEmpty()) {
      return true;
    }
    String resource = request.resource();
    String subresource = request.subresource();
    String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
    for (PolicyRule.GroupResources gr : rule.resources()) {
      if (!gr.group().equals(request.apiGroup())) {
        continue;
      }
      if (gr.resources().isEmpty()) {
        return true;
      }
      if (!gr.resourceNames().isEmpty() && !gr.resourceNames().contains(request.name())) {
        continue;
      }
      for (String spec : gr.resources()) {
        if (matchesResourceSpec(spec, resource, subresource, combined)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesResourceSpec(String spec, String resource, String subresource, String combined) {
    if (spec.equals(combined) || spec.equals("*")) {
      return true;
    }
    if (!subresource.isEmpty() && spec.startsWith("*/") && subresource.equals(spec.substring(2))) {
      return true;
    }
    return spec.endsWith("/*") && resource.equals(spec.substring(0, spec.length() - 2));
  }

  static boolean pathMatches(String path, String spec) {
    if (spec.equals("*") || spec.equals(path)) {
      return true;
    }
    return spec.endsWith("*") && path.startsWith(stripTrailingStars(spec));
  }

  private static String stripTrailingStars(String spec) {
    int end = spec.length();
    while (end > 0 && spec.charAt(end - 1) == '*') {
      end--;
    }
    return spec.substring(0, end);
  }
}
