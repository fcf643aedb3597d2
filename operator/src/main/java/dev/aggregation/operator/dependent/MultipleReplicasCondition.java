package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A PodDisruptionBudget only makes sense with more than one replica (with one it blocks every node drain). */
public class MultipleReplicasCondition implements Condition<PodDisruptionBudget, ApiServer> {
  @Override
  public boolean isMet(
      DependentResource<PodDisruptionBudget, ApiServer> dependent, ApiServer apiServer, Context<ApiServer> context) {
    return Defaults.replicas(apiServer.getSpec()) > 1;
  }
}
