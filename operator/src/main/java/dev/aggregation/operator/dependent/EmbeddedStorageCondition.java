package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The data volume exists only for the embedded store. */
public class EmbeddedStorageCondition implements Condition<PersistentVolumeClaim, ApiServer> {
  @Override
  public boolean isMet(
      DependentResource<PersistentVolumeClaim, ApiServer> dependent, ApiServer apiServer, Context<ApiServer> context) {
    return Defaults.embeddedStorage(apiServer.getSpec());
  }
}
