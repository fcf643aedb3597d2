package dev.aggregation.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;
import java.util.Optional;

/** Reads the state controllers report on children. */
public final class Conditions {
  private Conditions() {}

  /** The Deployment controller's Available condition: at least the minimum of replicas serve. */
  public static Optional<DeploymentCondition> deploymentAvailable(Deployment deployment) {
    if (deployment.getStatus() == null) {
      return Optional.empty();
    }
    List<DeploymentCondition> conditions = deployment.getStatus().getConditions();
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> "Available".equals(c.getType())).findFirst();
  }

  public static boolean isAvailable(Deployment deployment) {
    return deploymentAvailable(deployment).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
