package dev.aggregation.apiserver.machinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.fabric8.zjsonpatch.Operation;
import java.util.EnumSet;
import java.util.List;

/**
 * JSON patch ({@code application/json-patch+json}, RFC 6902) through zjsonpatch, with kube-apiserver's limits and
 * status codes (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch):
 *
 * <ul>
 *   <li>a body that is not a JSON array of objects: <b>400 BadRequest</b> with encoding/json's message
 *       ({@code json: cannot unmarshal object into Go value of type jsonpatch.Patch});
 *   <li>more than {@value #MAX_OPERATIONS} operations: <b>413 RequestEntityTooLarge</b>
 *       {@code Request entity too large: The allowed maximum operations in a JSON patch is 10000, got N};
 *   <li>any operation that fails (a {@code test} that does not hold, a missing path, an unknown op): <b>422
 *       Invalid</b> {@code the server rejected our request due to an error in our request}, the operation's error in
 *       {@code details.causes[0]} with reason {@code UnexpectedServerResponse}, as NewGenericServerResponse builds
 *       it.
 * </ul>
 *
 * Every error is thrown as the {@link ApiException} to send. The cause texts are zjsonpatch's, except a failed
 * {@code test}, which reads as evanphx/json-patch's {@code testing value /path failed: test failed}.
 */
public final class JsonPatch {
  public static final int MAX_OPERATIONS = 10000;

  /** evanphx rejects removing a missing member; zjsonpatch allows it unless told otherwise. */
  private static final EnumSet<CompatibilityFlags> FLAGS = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

  private JsonPatch() {}

  /** Applies {@code patch} to a copy of {@code target}; see the class comment for the errors. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    JsonNode operations = decode(patch);
    if (operations.size() > MAX_OPERATIONS) {
      throw new ApiException(
          ApiErrors.status(
              413,
              "RequestEntityTooLarge",
              "Request entity too large: The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                  + ", got " + operations.size(),
              null));
    }
    try {
      return io.fabric8.zjsonpatch.JsonPatch.apply(operations, target, FLAGS);
    } catch (JsonPatchException e) {
      throw unprocessable(describe(e));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
      // zjsonpatch reports some malformed pointers and indices outside its own exception type: a member name used
      // on an array ("Object operation on array target", found by PatchProperties) is an IllegalStateException.
      throw unprocessable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** jsonpatch.DecodePatch: {@code null} is an empty patch; anything but an array of objects is a 400. */
  private static JsonNode decode(JsonNode patch) {
    if (patch == null || patch.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!patch.isArray()) {
      throw ApiErrors.badRequest(
          "json: cannot unmarshal " + goJsonType(patch) + " into Go value of type jsonpatch.Patch");
    }
    for (JsonNode operation : patch) {
      if (!operation.isObject() && !operation.isNull()) {
        throw ApiErrors.badRequest(
            "json: cannot unmarshal " + goJsonType(operation) + " into Go value of type jsonpatch.Operation");
      }
    }
    return patch;
  }

  private static String describe(JsonPatchException e) {
    if (e.getOperation() == Operation.TEST && e.getPath() != null) {
      return "testing value " + e.getPath() + " failed: test failed";
    }
    return e.getMessage();
  }

  private static ApiException unprocessable(String cause) {
    StatusDetails details = new StatusDetails();
    details.setCauses(List.of(new StatusCause(null, cause, "UnexpectedServerResponse")));
    Status status =
        ApiErrors.status(422, "Invalid", "the server rejected our request due to an error in our request", details);
    return new ApiException(status);
  }

  private static String goJsonType(JsonNode node) {
    if (node.isObject()) {
      return "object";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "array";
    }
    return "number";
  }
}
