package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.endpoints.codec.FieldValidation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.WriteOptions;
import java.util.List;

/**
 * PUT of an object (or its status): the body replaces the object if its resourceVersion is the current one
 * (optimistic concurrency; an update must name the version it replaces).
 */
final class UpdateHandler {
  private final HandlerContext context;

  UpdateHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    boolean dryRun = request.dryRun("UpdateOptions");
    String manager = request.fieldManager("UpdateOptions");
    FieldValidation validation = FieldValidation.parse(request.query("fieldValidation"));
    ObjectDecoder.Decoded decoded =
        context.decoder().decode(request.body(), request.contentType(), endpoint.strategy(), endpoint.version(), validation);
    request.warnAll(decoded.warnings());
    ObjectNode object = decoded.object();
    checkName(request, object);
    CreateHandler.bindNamespace(request, endpoint, object);
    String resourceVersion = Meta.resourceVersion(object);
    if (resourceVersion.isEmpty()) {
      throw ApiErrors.invalid(
          endpoint.strategy().kind(),
          endpoint.strategy().group(),
          request.name(),
          List.of(FieldError.invalid("metadata.resourceVersion", new GoHex(0), "must be specified for an update")));
    }
    endpoint.version().applyDefaults(object);
    ObjectNode updated =
        endpoint.registry().update(
            request.namespace(),
            request.name(),
            current -> {
              if (!resourceVersion.equals(Meta.resourceVersion(current))) {
                throw ApiErrors.conflict(endpoint.strategy().groupResource(), request.name(), ApiErrors.OBJECT_MODIFIED);
              }
              ObjectNode live = context.output().versioned(endpoint, current);
              ObjectNode tracked = endpoint.fields(request.info().subresource()).update(live, object.deepCopy(), manager, endpoint.apiVersion(), context.clock().instant());
              ObjectNode hub = Conversions.toHub(endpoint.strategy(), endpoint.version(), tracked);
              context.admission().admit(Admission.attributes(request, endpoint, Operation.UPDATE, hub, current, dryRun));
              return hub;
            },
            new WriteOptions(dryRun, Admission.validating(context.admission(), request, endpoint, Operation.UPDATE, dryRun), request.info().subresource()));
    context.output().writeObject(request, endpoint, 200, updated);
  }

  /** The body's name must be the URL's: {@code the name of the object (a) does not match the name on the URL (b)}. */
  static void checkName(RestRequest request, ObjectNode object) {
    String bodyName = Meta.name(object);
    if (!bodyName.equals(request.name())) {
      throw ApiErrors.badRequest(
          "the name of the object (" + bodyName + ") does not match the name on the URL (" + request.name() + ")");
    }
  }

  /** Renders like Go's %#x of an integer in field errors ({@code 0x0}). */
  record GoHex(long value) {
    @Override
    public String toString() {
      return "0x" + Long.toHexString(value);
    }
  }
}
