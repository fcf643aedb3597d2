package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The audit policy ConfigMap exists only when the ApiServer sets a policy. */
public class AuditPolicyCondition implements Condition<ConfigMap, ApiServer> {
  @Override
  public boolean isMet(
      DependentResource<ConfigMap, ApiServer> dependent, ApiServer apiServer, Context<ApiServer> context) {
    return Defaults.auditPolicy(apiServer.getSpec());
  }
}
