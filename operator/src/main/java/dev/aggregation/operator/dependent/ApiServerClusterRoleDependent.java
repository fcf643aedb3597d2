package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * What the apiserver reads from kube-apiserver for itself: namespaces (NamespaceLifecycle admission), admission
 * webhook and policy configurations, and API priority and fairness objects. Without it the apiserver logs
 * "forbidden" for every list and watch it starts.
 */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class ApiServerClusterRoleDependent extends ForeignChild<ClusterRole> {
  static final List<String> READ = List.of("get", "list", "watch");

  public static final List<PolicyRule> RULES =
      List.of(
          new PolicyRuleBuilder().withApiGroups("").withResources("namespaces").withVerbs(READ).build(),
          new PolicyRuleBuilder()
              .withApiGroups("admissionregistration.k8s.io")
              .withResources(
                  "mutatingwebhookconfigurations",
                  "validatingwebhookconfigurations",
                  "validatingadmissionpolicies",
                  "validatingadmissionpolicybindings")
              .withVerbs(READ)
              .build(),
          new PolicyRuleBuilder()
              .withApiGroups("flowcontrol.apiserver.k8s.io")
              .withResources("prioritylevelconfigurations", "flowschemas")
              .withVerbs(READ)
              .build());

  public ApiServerClusterRoleDependent() {
    super(ClusterRole.class);
  }

  static String clusterRoleName(ApiServer apiServer) {
    return Names.clusterScoped(apiServer, "apiserver");
  }

  @Override
  protected String name(ApiServer apiServer) {
    return clusterRoleName(apiServer);
  }

  @Override
  protected ClusterRole build(ApiServer apiServer, Context<ApiServer> context) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withRules(RULES)
        .build();
  }
}
