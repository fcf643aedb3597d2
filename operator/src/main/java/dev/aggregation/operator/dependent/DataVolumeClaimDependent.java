package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** The embedded store's volume: ReadWriteOnce, one writer, hence one replica and the Recreate strategy. */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class DataVolumeClaimDependent extends NamespacedChild<PersistentVolumeClaim> {
  public DataVolumeClaimDependent() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.dataVolumeClaim(apiServer);
  }

  @Override
  protected PersistentVolumeClaim build(ApiServer apiServer, Context<ApiServer> context) {
    var embedded = apiServer.getSpec().storage().embedded();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(embedded.storageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(Defaults.volumeSize(apiServer.getSpec()))))
        .endResources()
        .endSpec()
        .build();
  }
}
