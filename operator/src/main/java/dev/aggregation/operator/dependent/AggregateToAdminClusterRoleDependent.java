package dev.aggregation.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** The served group's share of the built-in {@code admin} ClusterRole. */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class AggregateToAdminClusterRoleDependent extends AggregatedClusterRole {
  public AggregateToAdminClusterRoleDependent() {
    super("admin", List.of("*"));
  }
}
