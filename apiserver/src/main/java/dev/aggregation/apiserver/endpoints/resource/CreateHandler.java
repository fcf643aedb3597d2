package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.endpoints.codec.FieldValidation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.WriteOptions;

/**
 * POST to a collection: decode, default, track managed fields, mutating admission, then the registry's
 * create (validation, validating admission, store); 201 with the stored object.
 */
final class CreateHandler {
  private final HandlerContext context;

  CreateHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    boolean dryRun = request.dryRun("CreateOptions");
    String manager = request.fieldManager("CreateOptions");
    FieldValidation validation = FieldValidation.parse(request.query("fieldValidation"));
    ObjectDecoder.Decoded decoded =
        context.decoder().decode(request.body(), request.contentType(), endpoint.strategy(), endpoint.version(), validation);
    request.warnAll(decoded.warnings());
    ObjectNode object = decoded.object();
    bindNamespace(request, endpoint, object);
    endpoint.version().applyDefaults(object);
    object = endpoint.fields("").update(null, object, manager, endpoint.apiVersion(), context.clock().instant());
    ObjectNode created = create(request, endpoint, object, dryRun);
    context.output().writeObject(request, endpoint, 201, created);
  }

  /** Converts a decoded, defaulted, versioned object to the hub, runs mutating admission and stores it. */
  ObjectNode create(RestRequest request, ResourceEndpoint endpoint, ObjectNode versioned, boolean dryRun) {
    ObjectNode hub = Conversions.toHub(endpoint.strategy(), endpoint.version(), versioned);
    context.admission().admit(Admission.attributes(request, endpoint, Operation.CREATE, hub, null, dryRun));
    return endpoint.registry().create(
        hub, WriteOptions.of(dryRun, Admission.validating(context.admission(), request, endpoint, Operation.CREATE, dryRun)));
  }

  /** The body's namespace must be the URL's; an empty one takes the URL's. */
  static void bindNamespace(RestRequest request, ResourceEndpoint endpoint, ObjectNode object) {
    ObjectNode meta = Meta.of(object);
    String bodyNamespace = Meta.namespace(object);
    if (!endpoint.strategy().namespaced()) {
      if (!bodyNamespace.isEmpty()) {
        // cluster-scoped objects have no namespace; Kubernetes clears it
        meta.remove("namespace");
      }
      return;
    }
    if (bodyNamespace.isEmpty()) {
      meta.put("namespace", request.namespace());
    } else if (!bodyNamespace.equals(request.namespace())) {
      throw ApiErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }
}
