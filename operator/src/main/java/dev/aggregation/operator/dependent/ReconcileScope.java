package dev.aggregation.operator.dependent;

import dev.aggregation.operator.OperatorSettings;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.customresource.ApiServer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;

/**
 * What the dependents need besides the ApiServer: JOSDK creates them with no-argument constructors, so the
 * reconciler hands these over through the workflow context before it runs the workflow.
 */
public record ReconcileScope(OperatorSettings settings, Clock clock, CertificatePlanner planner) {
  public void putInto(Context<ApiServer> context) {
    context.managedWorkflowAndDependentResourceContext().put(ReconcileScope.class, this);
  }

  public static ReconcileScope of(Context<ApiServer> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ReconcileScope.class, ReconcileScope.class);
  }
}
