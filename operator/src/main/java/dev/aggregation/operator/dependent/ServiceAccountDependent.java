package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The identity the apiserver pods run as; every binding below names it. */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class ServiceAccountDependent extends NamespacedChild<ServiceAccount> {
  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.serviceAccount(apiServer);
  }

  @Override
  protected ServiceAccount build(ApiServer apiServer, Context<ApiServer> context) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .build();
  }
}
