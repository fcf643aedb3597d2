package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.registry.StoredObject;

/** GET of one object (or of its status subresource, which reads the whole object as Kubernetes does). */
final class GetHandler {
  private final HandlerContext context;

  GetHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    String resourceVersion = request.query("resourceVersion");
    StoredObject object = endpoint.registry().getStored(request.namespace(), request.name());
    if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
      // "not older than": the store always serves the newest state; wait only if the client saw a newer one
      endpoint.registry().waitForRevision(ListOptions.revision(resourceVersion));
      object = endpoint.registry().getStored(request.namespace(), request.name());
    }
    context.output().writeStored(request, endpoint, 200, object);
  }
}
