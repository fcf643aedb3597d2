package dev.aggregation.apiserver.endpoints.openapi;

import dev.aggregation.apiserver.machinery.GroupVersionKind;
import java.util.List;

/**
 * One HTTP operation on a path, independent of the OpenAPI version it is rendered in.
 *
 * @param method lower-case HTTP method, as OpenAPI keys operations
 * @param action the {@code x-kubernetes-action}: get, list, post, put, patch, delete, deletecollection
 * @param body the request body, or {@code null}
 */
record Operation(
    String method,
    String action,
    String operationId,
    String description,
    String tag,
    GroupVersionKind gvk,
    List<Parameter> parameters,
    Body body,
    List<Response> responses) {

  Operation {
    parameters = List.copyOf(parameters);
    responses = List.copyOf(responses);
  }

  /** The request body: a definition accepted in these media types. */
  record Body(String definition, List<String> mediaTypes, boolean required) {
    Body {
      mediaTypes = List.copyOf(mediaTypes);
    }
  }

  /** A response; {@code definition} is {@code null} for responses without a body (401). */
  record Response(int code, String description, String definition) {}
}
