package dev.aggregation.apiserver.machinery;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the errors Kubernetes gives, with its reasons and messages (k8s.io/apimachinery/pkg/api/errors), so
 * that clients that branch on {@code reason} or print {@code message} behave as against kube-apiserver.
 */
public final class ApiErrors {
  private ApiErrors() {}

  public static Status status(int code, String reason, String message, StatusDetails details) {
    Status status = new Status();
    status.setApiVersion("v1");
    status.setKind("Status");
    status.setMetadata(new ListMeta());
    status.setStatus("Failure");
    status.setCode(code);
    status.setReason(reason);
    status.setMessage(message);
    status.setDetails(details);
    return status;
  }

  private static ApiException error(int code, String reason, String message, StatusDetails details) {
    return new ApiException(status(code, reason, message, details));
  }

  private static StatusDetails details(GroupResource gr, String name) {
    StatusDetails d = new StatusDetails();
    d.setGroup(gr.group());
    d.setKind(gr.resource());
    d.setName(name == null || name.isEmpty() ? null : name);
    return d;
  }

  public static ApiException badRequest(String message) {
    return error(400, "BadRequest", message, null);
  }

  public static ApiException unauthorized() {
    return error(401, "Unauthorized", "Unauthorized", null);
  }

  public static ApiException forbidden(GroupResource gr, String name, String reason) {
    String subject = name == null || name.isEmpty() ? gr.toString() : gr + " \"" + name + "\"";
    return error(403, "Forbidden", subject + " is forbidden: " + reason, details(gr, name));
  }

  /** A non-resource 403: {@code forbidden: User "bob" cannot get path "/metrics"}. */
  public static ApiException forbiddenPath(String reason) {
    return error(403, "Forbidden", "forbidden: " + reason, new StatusDetails());
  }

  public static ApiException notFound(GroupResource gr, String name) {
    return error(404, "NotFound", gr + " \"" + name + "\" not found", details(gr, name));
  }

  /** The 404 for a URL no route serves, as a Status (the aggregator and kubectl read it). */
  public static ApiException pathNotFound() {
    return error(404, "NotFound", "the server could not find the requested resource", new StatusDetails());
  }

  public static ApiException methodNotAllowed() {
    return error(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new StatusDetails());
  }

  public static ApiException notAcceptable(String message) {
    return error(406, "NotAcceptable", message, null);
  }

  public static ApiException alreadyExists(GroupResource gr, String name) {
    return error(409, "AlreadyExists", gr + " \"" + name + "\" already exists", details(gr, name));
  }

  /** The 409 of a stale resourceVersion. */
  public static ApiException conflict(GroupResource gr, String name, String why) {
    return error(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + gr + " \"" + name + "\": " + why,
        details(gr, name));
  }

  /**
   * The 409 of a server-side apply that would take fields other managers own
   * (k8s.io/apimachinery/pkg/api/errors.NewApplyConflict): no name or kind in the details, one
   * {@code FieldManagerConflict} cause per conflicting field.
   */
  public static ApiException applyConflict(String message, List<StatusCause> causes) {
    StatusDetails d = new StatusDetails();
    d.setCauses(causes);
    return error(409, "Conflict", message, d);
  }

  public static final String OBJECT_MODIFIED =
      "the object has been modified; please apply your changes to the latest version and try again";

  public static ApiException gone(String message) {
    return error(410, "Expired", message, null);
  }

  /** The 410 for a resourceVersion whose history was compacted. */
  public static ApiException tooOldResourceVersion(long requested, long oldest) {
    return gone("too old resource version: " + requested + " (" + oldest + ")");
  }

  public static ApiException requestEntityTooLarge(long limit) {
    return error(413, "RequestEntityTooLarge", "limit is " + limit, null);
  }

  public static ApiException unsupportedMediaType(String contentType, List<String> accepted) {
    return error(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + String.join(", ", accepted),
        new StatusDetails(List.of(new StatusCause(null, contentType, "UnsupportedMediaType")), null, null, null, null, null));
  }

  /** The 422 of a failed validation: {@code Flunder.wardle.example.com "foo" is invalid: ...}. */
  public static ApiException invalid(String kind, String group, String name, List<FieldError> errors) {
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    // field.ErrorList.ToAggregate drops repeated messages: 100,000 bad finalizers make one message, not megabytes
    List<String> messages = errors.stream().map(FieldError::message).distinct().toList();
    String joined = String.join(", ", messages);
    String message =
        qualifiedKind + " \"" + name + "\" is invalid: " + (messages.size() == 1 ? joined : "[" + joined + "]");
    StatusDetails d = new StatusDetails();
    d.setGroup(group);
    d.setKind(kind);
    d.setName(name);
    d.setCauses(
        errors.stream()
            .map(e -> new StatusCause(e.field(), e.body(), e.type().reason()))
            .collect(Collectors.toList()));
    return error(422, "Invalid", message, d);
  }

  public static ApiException tooManyRequests(int retryAfterSeconds) {
    StatusDetails d = new StatusDetails();
    d.setRetryAfterSeconds(retryAfterSeconds);
    return error(429, "TooManyRequests", "Too many requests, please try again later.", d);
  }

  public static ApiException internal(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    StatusDetails d = new StatusDetails();
    d.setCauses(List.of(new StatusCause(null, message, null)));
    return new ApiException(status(500, "InternalError", "Internal error occurred: " + message, d), cause);
  }

  public static ApiException serviceUnavailable(String message, int retryAfterSeconds) {
    StatusDetails d = new StatusDetails();
    d.setRetryAfterSeconds(retryAfterSeconds);
    return error(503, "ServiceUnavailable", message, d);
  }

  public static ApiException timeout(String message, int retryAfterSeconds) {
    StatusDetails d = new StatusDetails();
    d.setRetryAfterSeconds(retryAfterSeconds);
    return error(504, "Timeout", message, d);
  }
}
