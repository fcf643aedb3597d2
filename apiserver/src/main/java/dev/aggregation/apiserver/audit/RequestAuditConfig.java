package dev.aggregation.apiserver.audit;

import java.util.Set;

/** What the policy decided for one request: its level, the stages not to record, whether to drop managed fields. */
public record RequestAuditConfig(Level level, Set<Stage> omitStages, boolean omitManagedFields) {
  public RequestAuditConfig {
    omitStages = Set.copyOf(omitStages);
  }
}
