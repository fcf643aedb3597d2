package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificatePlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/**
 * Builds the operator the same way for production and for tests, so the tests run the code path production runs.
 *
 * <p>Server-side apply is off, for the primary resource's status and finalizer and for the children. The
 * operator is the only writer of its children, so SSA's field ownership buys nothing here, and fabric8's mock
 * server (the tests' kube-apiserver) answers SSA with 415. Children are matched by a hash of their desired state
 * (see {@link dev.aggregation.operator.dependent.DesiredStateHash}) instead of SSA's managedFields. See
 * docs/operator.md.
 */
public final class OperatorFactory {
  private OperatorFactory() {}

  public static Operator create(
      KubernetesClient client, OperatorSettings settings, Clock clock, CertificatePlanner planner) {
    Operator operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(
        new ApiServerReconciler(settings, clock, planner),
        configuration -> configuration.settingNamespaces(settings.watchNamespaces()));
    return operator;
  }
}
