package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ClusterRole for the served group that Kubernetes aggregates into the built-in admin, edit or view role, so
 * that users who hold those roles can use the new API at once (OLM does this only for CSV-owned APIs).
 */
abstract class AggregatedClusterRole extends ForeignChild<ClusterRole> {
  private final String aggregateTo;
  private final List<String> verbs;

  AggregatedClusterRole(String aggregateTo, List<String> verbs) {
    super(ClusterRole.class);
    this.aggregateTo = aggregateTo;
    this.verbs = verbs;
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.clusterScoped(apiServer, "aggregate-to-" + aggregateTo);
  }

  @Override
  protected ClusterRole build(ApiServer apiServer, Context<ApiServer> context) {
    Map<String, String> labels = new TreeMap<>(ChildLabels.of(apiServer));
    labels.put("rbac.authorization.k8s.io/aggregate-to-" + aggregateTo, "true");
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withLabels(labels)
        .endMetadata()
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups(apiServer.getSpec().group())
                .withResources("*")
                .withVerbs(verbs)
                .build())
        .build();
  }
}
