package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A child outside the ApiServer's namespace (cluster-scoped, or in kube-system). Kubernetes ignores an owner
 * reference from there to a namespaced owner (or collects the child at once), so JOSDK marks it with the
 * primary's name, namespace and kind in annotations instead and the finalizer deletes it.
 */
abstract class ForeignChild<R extends HasMetadata> extends CRUDNoGCKubernetesDependentResource<R, ApiServer> {
  ForeignChild(Class<R> type) {
    super(type);
  }

  /** The desired state, without the hash annotation; named {@link #name}, in {@link #namespace}. */
  protected abstract R build(ApiServer apiServer, Context<ApiServer> context);

  /** The child's name, known without building the desired state. */
  protected abstract String name(ApiServer apiServer);

  /** The child's namespace; none for a cluster-scoped child. */
  protected String namespace() {
    return null;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(ApiServer apiServer, Context<ApiServer> context) {
    // JOSDK's default builds the whole desired state to learn its name (see NamespacedChild).
    return new ResourceID(name(apiServer), namespace());
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
