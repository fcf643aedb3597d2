package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The audit policy file, mounted for {@code --audit-policy-file}. */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class AuditPolicyConfigMapDependent extends NamespacedChild<ConfigMap> {
  public static final String KEY = "policy.yaml";

  public AuditPolicyConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.auditPolicy(apiServer);
  }

  @Override
  protected ConfigMap build(ApiServer apiServer, Context<ApiServer> context) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withData(Map.of(KEY, apiServer.getSpec().audit().policy()))
        .build();
  }
}
