package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificatePlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
  /** How long stopping waits for reconciliations in flight (the pod's grace period is 30 seconds). */
  static final Duration RECONCILIATION_TERMINATION_TIMEOUT = Duration.ofSeconds(20);

  private OperatorFactory() {}

  /** Without metrics and without leader election. */
  public static Operator create(
      KubernetesClient client, OperatorSettings settings, Clock clock, CertificatePlanner planner) {
    return create(client, settings, clock, planner, Metrics.NOOP, Optional.empty());
  }

  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      CertificatePlanner planner,
      Metrics metrics,
      Optional<LeaderElectionConfiguration> leaderElection) {
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(metrics)
                  .withReconciliationTerminationTimeout(RECONCILIATION_TERMINATION_TIMEOUT);
              leaderElection.ifPresent(overrider::withLeaderElectionConfiguration);
            });
    operator.register(
        new ApiServerReconciler(settings, clock, planner),
        configuration -> configuration.settingNamespaces(settings.watchNamespaces()));
    return operator;
  }
}
