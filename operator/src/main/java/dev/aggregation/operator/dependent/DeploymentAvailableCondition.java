package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready when the Deployment reports Available. The APIServices depend on it: an APIService pointing at a Service
 * with no ready endpoint makes discovery fail cluster-wide and blocks namespace deletion.
 */
public class DeploymentAvailableCondition implements Condition<Deployment, ApiServer> {
  @Override
  public boolean isMet(
      DependentResource<Deployment, ApiServer> dependent, ApiServer apiServer, Context<ApiServer> context) {
    return dependent.getSecondaryResource(apiServer, context).map(Conditions::isAvailable).orElse(false);
  }
}
