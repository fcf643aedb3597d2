package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Binds the apiserver's ServiceAccount to {@code system:auth-delegator}: it may create TokenReviews and
 * SubjectAccessReviews, i.e. delegate authentication and authorization to kube-apiserver.
 */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class AuthDelegatorBindingDependent extends ForeignChild<ClusterRoleBinding> {
  public static final String CLUSTER_ROLE = "system:auth-delegator";

  public AuthDelegatorBindingDependent() {
    super(ClusterRoleBinding.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.clusterScoped(apiServer, "auth-delegator");
  }

  @Override
  protected ClusterRoleBinding build(ApiServer apiServer, Context<ApiServer> context) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", CLUSTER_ROLE)
        .withSubjects(RbacSubjects.serviceAccount(apiServer))
        .build();
  }
}
