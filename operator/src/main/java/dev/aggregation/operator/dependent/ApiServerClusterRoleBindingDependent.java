package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Binds the apiserver's ServiceAccount to the ClusterRole of {@link ApiServerClusterRoleDependent}. */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class ApiServerClusterRoleBindingDependent extends ForeignChild<ClusterRoleBinding> {
  public ApiServerClusterRoleBindingDependent() {
    super(ClusterRoleBinding.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return ApiServerClusterRoleDependent.clusterRoleName(apiServer);
  }

  @Override
  protected ClusterRoleBinding build(ApiServer apiServer, Context<ApiServer> context) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", ApiServerClusterRoleDependent.clusterRoleName(apiServer))
        .withSubjects(RbacSubjects.serviceAccount(apiServer))
        .build();
  }
}
