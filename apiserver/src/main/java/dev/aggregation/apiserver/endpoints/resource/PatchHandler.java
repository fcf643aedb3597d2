package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.endpoints.codec.BodyParser;
import dev.aggregation.apiserver.endpoints.codec.FieldValidation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.machinery.patch.JsonPatch;
import dev.aggregation.apiserver.machinery.patch.MergePatch;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.WriteOptions;
import dev.aggregation.apiserver.registry.fieldmanager.FieldManager;
import java.util.List;
import java.util.Locale;

/**
 * PATCH of an object (or its status): JSON patch, JSON merge patch, or server-side apply. The patch is applied
 * to the current object in the client's version and the result goes through the update path; an apply on a
 * missing object creates it (201). Strategic merge patch is not served (415), as for custom resources.
 */
final class PatchHandler {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final List<String> PATCH_TYPES = List.of(JSON_PATCH, MERGE_PATCH, APPLY_PATCH);

  private final HandlerContext context;
  private final CreateHandler create;
  private final BodyParser parser = new BodyParser();

  PatchHandler(HandlerContext context, CreateHandler create) {
    this.context = context;
    this.create = create;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    String contentType = request.contentType() == null ? "" : request.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!PATCH_TYPES.contains(contentType)) {
      throw ApiErrors.unsupportedMediaType(request.contentType() == null ? "" : request.contentType(), PATCH_TYPES);
    }
    boolean apply = contentType.equals(APPLY_PATCH);
    boolean dryRun = request.dryRun("PatchOptions");
    String force = request.query("force");
    boolean forced = "true".equalsIgnoreCase(force) || "1".equals(force);
    if (!apply && force != null) {
      throw ApiErrors.invalid("PatchOptions", "meta.k8s.io", "", List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
    }
    String explicitManager = request.query("fieldManager");
    if (apply && (explicitManager == null || explicitManager.isEmpty())) {
      throw ApiErrors.invalid("PatchOptions", "meta.k8s.io", "", List.of(FieldError.required("fieldManager", "is required for apply patch")));
    }
    String manager = request.fieldManager("PatchOptions");
    FieldValidation validation = FieldValidation.parse(request.query("fieldValidation"));
    JsonNode patch = parsePatch(request.body(), contentType, validation);

    WriteOptions options =
        new WriteOptions(dryRun, Admission.validating(context.admission(), request, endpoint, Operation.UPDATE, dryRun), request.info().subresource());
    try {
      ObjectNode updated =
          endpoint.registry().update(
              request.namespace(),
              request.name(),
              current -> {
                ObjectNode live = context.output().versioned(endpoint, current);
                FieldManager fields = endpoint.fields(request.info().subresource());
                ObjectNode patched = apply
                    ? fields.apply(live, configuration(patch), manager, endpoint.apiVersion(), forced, context.clock().instant()).object()
                    : patched(live, patch, contentType);
                ObjectNode decoded = decode(request, endpoint, patched, validation);
                if (!Meta.resourceVersion(decoded).equals(Meta.resourceVersion(live))) {
                  throw ApiErrors.conflict(endpoint.strategy().groupResource(), request.name(), ApiErrors.OBJECT_MODIFIED);
                }
                endpoint.version().applyDefaults(decoded);
                ObjectNode tracked = apply ? decoded : fields.update(live, decoded, manager, endpoint.apiVersion(), context.clock().instant());
                ObjectNode hub = Conversions.toHub(endpoint.strategy(), endpoint.version(), tracked);
                context.admission().admit(Admission.attributes(request, endpoint, Operation.UPDATE, hub, current, dryRun));
                return hub;
              },
              options);
      context.output().writeObject(request, endpoint, 200, updated);
    } catch (ApiException e) {
      if (!apply || e.code() != 404 || !request.info().subresource().isEmpty() || endpoint.registry().find(request.namespace(), request.name()).isPresent()) {
        throw e;
      }
      createByApply(request, endpoint, patch, manager, forced, validation, dryRun);
    }
  }

  /** Server-side apply of an object that does not exist yet creates it. */
  private void createByApply(
      RestRequest request, ResourceEndpoint endpoint, JsonNode patch, String manager, boolean force, FieldValidation validation, boolean dryRun) {
    ObjectNode configuration = configuration(patch);
    ObjectNode applied = endpoint.fields("").apply(null, configuration, manager, endpoint.apiVersion(), force, context.clock().instant()).object();
    ObjectNode decoded = decode(request, endpoint, applied, validation);
    CreateHandler.bindNamespace(request, endpoint, decoded);
    endpoint.version().applyDefaults(decoded);
    ObjectNode created = create.create(request, endpoint, decoded, dryRun);
    context.output().writeObject(request, endpoint, 201, created);
  }

  private ObjectNode decode(RestRequest request, ResourceEndpoint endpoint, ObjectNode patched, FieldValidation validation) {
    ObjectDecoder.Decoded decoded = context.decoder().decodeTree(patched, endpoint.strategy(), endpoint.version(), validation);
    request.warnAll(decoded.warnings());
    ObjectNode object = decoded.object();
    UpdateHandler.checkName(request, object);
    CreateHandler.bindNamespace(request, endpoint, object);
    return object;
  }

  private JsonNode parsePatch(byte[] body, String contentType, FieldValidation validation) {
    try {
      JsonNode patch = parser.parse(body, contentType.equals(APPLY_PATCH) ? APPLY_PATCH : "application/json", validation == FieldValidation.STRICT);
      if (patch == null || patch.isMissingNode()) {
        throw ApiErrors.badRequest("the body of the patch is empty");
      }
      return patch;
    } catch (BodyParser.DuplicateField e) {
      throw ApiErrors.badRequest("strict decoding error: " + e.getMessage());
    } catch (BodyParser.MalformedBody e) {
      throw ApiErrors.badRequest("error decoding patch: " + e.getMessage());
    }
  }

  private static ObjectNode configuration(JsonNode patch) {
    if (!(patch instanceof ObjectNode object)) {
      throw ApiErrors.badRequest("error decoding YAML: the apply configuration must be an object");
    }
    return object.deepCopy();
  }

  private static ObjectNode patched(ObjectNode live, JsonNode patch, String contentType) {
    // both answer a bad patch with the ApiException Kubernetes gives (400, 413 or 422)
    JsonNode result = contentType.equals(JSON_PATCH) ? JsonPatch.apply(live, patch) : MergePatch.apply(live, patch);
    if (!(result instanceof ObjectNode object)) {
      throw ApiErrors.badRequest("the patched object is not a JSON object");
    }
    return object;
  }
}
