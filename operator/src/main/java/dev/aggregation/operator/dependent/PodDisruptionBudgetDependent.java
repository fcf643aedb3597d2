package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Keeps all but one replica up through voluntary disruptions (node drains), never blocking a drain entirely. */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class PodDisruptionBudgetDependent extends NamespacedChild<PodDisruptionBudget> {
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.podDisruptionBudget(apiServer);
  }

  @Override
  protected PodDisruptionBudget build(ApiServer apiServer, Context<ApiServer> context) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(ChildLabels.selector(apiServer))
        .endSelector()
        .endSpec()
        .build();
  }
}
