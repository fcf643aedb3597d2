package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Lets the apiserver read ConfigMap kube-system/extension-apiserver-authentication (the front proxy's client CA and
 * allowed names) through the Role kube-apiserver keeps for this.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Names.KUBE_SYSTEM))
public class AuthReaderRoleBindingDependent extends ForeignChild<RoleBinding> {
  public static final String ROLE = "extension-apiserver-authentication-reader";

  public AuthReaderRoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected String namespace() {
    return Names.KUBE_SYSTEM;
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.clusterScoped(apiServer, "auth-reader");
  }

  @Override
  protected RoleBinding build(ApiServer apiServer, Context<ApiServer> context) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(namespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", ROLE)
        .withSubjects(RbacSubjects.serviceAccount(apiServer))
        .build();
  }
}
