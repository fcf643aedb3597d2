package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A child in the ApiServer's namespace: it carries an owner reference, so Kubernetes' garbage collector removes
 * it with the ApiServer.
 */
abstract class NamespacedChild<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, ApiServer> {
  NamespacedChild(Class<R> type) {
    super(type);
  }

  /** The desired state, without the hash annotation; named {@link #name}. */
  protected abstract R build(ApiServer apiServer, Context<ApiServer> context);

  /** The child's name (its namespace is the ApiServer's), known without building the desired state. */
  protected abstract String name(ApiServer apiServer);

  @Override
  protected ResourceID targetSecondaryResourceID(ApiServer apiServer, Context<ApiServer> context) {
    // JOSDK's default builds the whole desired state to learn its name, at every lookup of the child (the
    // reconcile, the ready condition): the profile of 100 ApiServers showed it as a tenth of the operator's CPU.
    return new ResourceID(name(apiServer), apiServer.getMetadata().getNamespace());
  }

  @Override
  protected final R desired(ApiServer apiServer, Context<ApiServer> context) {
    return DesiredStateHash.stamp(build(apiServer, context));
  }

  @Override
  public Matcher.Result<R> match(R actual, ApiServer apiServer, Context<ApiServer> context) {
    return match(actual, desired(apiServer, context), apiServer, context);
  }

  @Override
  public Matcher.Result<R> match(R actual, R desired, ApiServer apiServer, Context<ApiServer> context) {
    boolean matched =
        DesiredStateHash.sameDesiredState(actual, desired) && super.match(actual, desired, apiServer, context).matched();
    return Matcher.Result.computed(matched, desired);
  }
}
