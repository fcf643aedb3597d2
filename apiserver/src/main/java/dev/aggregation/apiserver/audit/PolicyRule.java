package dev.aggregation.apiserver.audit;

import java.util.List;
import java.util.Set;

/**
 * One rule of an audit policy (audit.k8s.io/v1 PolicyRule). Empty lists match everything; {@code
 * omitManagedFields} is null when the rule leaves the decision to the policy.
 */
public record PolicyRule(
    Level level,
    List<String> users,
    List<String> userGroups,
    List<String> verbs,
    List<GroupResources> resources,
    List<String> namespaces,
    List<String> nonResourceURLs,
    Set<Stage> omitStages,
    Boolean omitManagedFields) {
  public PolicyRule {
    users = List.copyOf(users);
    userGroups = List.copyOf(userGroups);
    verbs = List.copyOf(verbs);
    resources = List.copyOf(resources);
    namespaces = List.copyOf(namespaces);
    nonResourceURLs = List.copyOf(nonResourceURLs);
    omitStages = Set.copyOf(omitStages);
  }

  /** audit.k8s.io/v1 GroupResources: a group (empty for the core group), its resources and names. */
  public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    public GroupResources {
      group = group == null ? "" : group;
      resources = List.copyOf(resources);
      resourceNames = List.copyOf(resourceNames);
    }
  }
}
