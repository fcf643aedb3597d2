package dev.aggregation.apiserver.audit;

import java.util.List;
import java.util.Set;

/** An audit.k8s.io/v1 Policy: rules in order (the first that matches decides), stages and managed fields to omit. */
public record Policy(List<PolicyRule> rules, Set<Stage> omitStages, boolean omitManagedFields) {
  public Policy {
    rules = List.copyOf(rules);
    omitStages = Set.copyOf(omitStages);
  }
}
