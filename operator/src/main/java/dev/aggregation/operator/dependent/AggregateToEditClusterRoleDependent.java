package dev.aggregation.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** The served group's share of the built-in {@code edit} ClusterRole. */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class AggregateToEditClusterRoleDependent extends AggregatedClusterRole {
  public AggregateToEditClusterRoleDependent() {
    super("edit", List.of("create", "update", "patch", "delete", "deletecollection", "get", "list", "watch"));
  }
}
