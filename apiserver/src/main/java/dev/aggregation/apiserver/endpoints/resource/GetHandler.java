package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.registry.StoredObject;

/** GET of one object (or of its status subresource, which reads the whole object as Kubernetes does). */
final class GetHandler {
  private final HandlerContext context;

  GetHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    String resourceVersion = request.query("resourceVersion");
    StoredObject object;
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      // A consistent read: the newest state.
      object = endpoint.registry().getStored(request.namespace(), request.name());
    } else {
      // "Not older than" (0: any): the watch cache may answer; a revision the store has not reached yet is
      // waited for, then refused as too large, as kube-apiserver does.
      long notOlderThan = ListOptions.revision(resourceVersion);
      if (notOlderThan > 0) {
        endpoint.registry().waitForRevision(notOlderThan);
      }
      object = endpoint.registry().getStored(request.namespace(), request.name(), notOlderThan);
    }
    context.output().writeStored(request, endpoint, 200, object);
  }

  /** {@link #handle} on the event loop, when the watch cache has the answer already; else {@link WouldBlock}. */
  void handleWithoutBlocking(RestRequest request, ResourceEndpoint endpoint) throws WouldBlock {
    String resourceVersion = request.query("resourceVersion");
    StoredObject object = resourceVersion == null || resourceVersion.isEmpty()
        ? endpoint.registry().getStoredWithoutBlocking(request.namespace(), request.name())
        : endpoint.registry().getStoredWithoutBlocking(request.namespace(), request.name(), ListOptions.revision(resourceVersion));
    context.output().writeStored(request, endpoint, 200, object);
  }
}
