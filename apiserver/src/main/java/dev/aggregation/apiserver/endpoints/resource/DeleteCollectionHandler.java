package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat;
import dev.aggregation.apiserver.registry.ListRequest;
import dev.aggregation.apiserver.registry.WriteOptions;
import java.util.List;

/**
 * DELETE of a collection: deletes what the selectors match, one object at a time (not atomic, as in
 * Kubernetes), and answers with the list of deleted objects.
 */
final class DeleteCollectionHandler {
  private final HandlerContext context;
  private final DeleteHandler delete;

  DeleteCollectionHandler(HandlerContext context, DeleteHandler delete) {
    this.context = context;
    this.delete = delete;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    DeleteHandler.Options options = delete.options(request, endpoint);
    ListQuery query = ListQuery.parse(request, endpoint, false);
    List<ObjectNode> deleted =
        endpoint.registry().deleteCollection(
            request.namespace(),
            new ListRequest(query.filter(), query.filtered(), 0, null, 0, 0),
            options.request(),
            WriteOptions.of(options.dryRun(), Admission.validating(context.admission(), request, endpoint, Operation.DELETE, options.dryRun())));
    List<ObjectNode> versioned = deleted.stream().map(o -> context.output().versioned(endpoint, o)).toList();
    String revision = Long.toString(endpoint.registry().currentRevision());
    context.writer().write(
        request.routingContext().response(),
        200,
        context.output().list(endpoint, versioned, revision, null, null),
        ResponseFormat.Encoding.JSON,
        request.pretty(),
        request.warnings());
  }
}
