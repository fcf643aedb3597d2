package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service kube-apiserver's aggregator dials: port 443 to the pods' named HTTPS port. */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class ServiceDependent extends NamespacedChild<Service> {
  public static final int PORT = 443;

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.service(apiServer);
  }

  @Override
  protected Service build(ApiServer apiServer, Context<ApiServer> context) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ChildLabels.selector(apiServer))
        .addNewPort()
        .withName("https")
        .withProtocol("TCP")
        .withPort(PORT)
        .withTargetPort(new IntOrString(DeploymentDependent.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
