package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.endpoints.codec.BodyParser;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GoLiteral;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.DeleteRequest;
import dev.aggregation.apiserver.registry.DeleteResult;
import dev.aggregation.apiserver.registry.WriteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;
import java.util.Set;

/**
 * DELETE of an object: DeleteOptions from the body or the query; 200 with a Success Status when the object is
 * gone, 200 with the object when finalizers keep it.
 */
final class DeleteHandler {
  private static final Set<String> DELETE_OPTIONS_API_VERSIONS = Set.of("v1", "meta.k8s.io/v1", "meta.k8s.io/v1beta1");
  private static final List<String> PROPAGATION_POLICIES = List.of("Foreground", "Background", "Orphan");
  /** What ValidateDeleteOptions lists as supported: the policies and "nil" (the field left unset). */
  private static final List<String> SUPPORTED_PROPAGATION_POLICIES = List.of("Foreground", "Background", "Orphan", "nil");

  private final HandlerContext context;
  private final BodyParser parser = new BodyParser();

  DeleteHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    Options options = options(request, endpoint);
    DeleteResult result =
        endpoint.registry().delete(
            request.namespace(),
            request.name(),
            options.request(),
            WriteOptions.of(options.dryRun(), Admission.validating(context.admission(), request, endpoint, Operation.DELETE, options.dryRun())));
    if (!result.deleted()) {
      context.output().writeObject(request, endpoint, 200, result.object());
      return;
    }
    Status status = new Status();
    status.setApiVersion("v1");
    status.setKind("Status");
    status.setMetadata(new io.fabric8.kubernetes.api.model.ListMeta());
    status.setStatus("Success");
    StatusDetails details = new StatusDetails();
    details.setName(request.name());
    details.setGroup(endpoint.strategy().group());
    details.setKind(endpoint.strategy().resource());
    details.setUid(Meta.uid(result.object()));
    status.setDetails(details);
    context.writer().write(
        request.routingContext().response(), 200, Json.tree(status), dev.aggregation.apiserver.endpoints.codec.ResponseFormat.Encoding.JSON, request.pretty(), request.warnings());
  }

  record Options(DeleteRequest request, boolean dryRun) {}

  /** Reads DeleteOptions: a JSON body (kubectl sends one) and the equivalent query parameters. */
  Options options(RestRequest request, ResourceEndpoint endpoint) {
    boolean dryRun = request.dryRun("DeleteOptions");
    String propagation = nullToEmpty(request.query("propagationPolicy"));
    String uid = "";
    String resourceVersion = "";
    String orphanDependents = request.query("orphanDependents");
    byte[] body = request.body();
    if (body.length > 0) {
      JsonNode tree;
      try {
        tree = parser.parse(body, request.contentType(), false);
      } catch (BodyParser.MalformedBody e) {
        throw ApiErrors.badRequest("couldn't get version/kind; json parse error: " + e.getMessage());
      }
      if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
        if (!(tree instanceof ObjectNode options)) {
          throw ApiErrors.badRequest("DeleteOptions must be a JSON object");
        }
        String apiVersion = options.path("apiVersion").asText("");
        String kind = options.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("DeleteOptions")) {
          throw ApiErrors.badRequest("the kind in the data (" + kind + ") does not match the expected kind (DeleteOptions)");
        }
        if (!apiVersion.isEmpty() && !DELETE_OPTIONS_API_VERSIONS.contains(apiVersion) && !apiVersion.equals(endpoint.apiVersion())) {
          throw ApiErrors.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version (v1)");
        }
        if (options.hasNonNull("propagationPolicy")) {
          propagation = options.get("propagationPolicy").asText();
        }
        if (options.hasNonNull("orphanDependents")) {
          orphanDependents = options.get("orphanDependents").asText();
        }
        JsonNode preconditions = options.path("preconditions");
        uid = preconditions.path("uid").asText("");
        resourceVersion = preconditions.path("resourceVersion").asText("");
        JsonNode bodyDryRun = options.get("dryRun");
        if (bodyDryRun != null && bodyDryRun.isArray()) {
          List<String> values = new java.util.ArrayList<>();
          bodyDryRun.forEach(value -> values.add(value.asText()));
          if (values.stream().anyMatch(value -> !value.equals("All"))) {
            throw ApiErrors.invalid(
                "DeleteOptions", "meta.k8s.io", "", List.of(FieldError.notSupported("dryRun", GoLiteral.stringSlice(values), List.of("All"))));
          }
          dryRun = dryRun || !values.isEmpty();
        }
      }
    }
    if (!propagation.isEmpty() && !PROPAGATION_POLICIES.contains(propagation)) {
      throw ApiErrors.invalid(
          "DeleteOptions", "meta.k8s.io", "", List.of(FieldError.notSupported("propagationPolicy", propagation, SUPPORTED_PROPAGATION_POLICIES)));
    }
    if (orphanDependents != null && !orphanDependents.isEmpty()) {
      if (!propagation.isEmpty()) {
        throw ApiErrors.invalid(
            "DeleteOptions", "meta.k8s.io", "", List.of(FieldError.invalid("propagationPolicy", propagation, "orphanDependents and deletionPropagation cannot be both set")));
      }
      propagation = Boolean.parseBoolean(orphanDependents) ? "Orphan" : "Background";
    }
    return new Options(new DeleteRequest(uid, resourceVersion, propagation), dryRun);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
