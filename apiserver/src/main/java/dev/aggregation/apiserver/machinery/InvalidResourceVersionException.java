package dev.aggregation.apiserver.machinery;

/**
 * A {@code resourceVersion} that is not a decimal unsigned 64-bit number. The message is the one
 * APIObjectVersioner.ParseResourceVersion produces:
 * {@code resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax}.
 */
public final class InvalidResourceVersionException extends RuntimeException {
  private final transient FieldError fieldError;

  public InvalidResourceVersionException(FieldError fieldError) {
    super(fieldError.message());
    this.fieldError = fieldError;
  }

  public FieldError fieldError() {
    return fieldError;
  }

  /**
   * The 400 the etcd3 store answers a get or list with ({@code invalid resource version: resourceVersion: Invalid
   * value: ...}). Kubernetes is not uniform here: a list or watch served by the watch cache returns the bare
   * error, which becomes a 500 with an empty reason; we answer 400 everywhere, the only answer that is also
   * correct.
   */
  public ApiException toApiException() {
    return ApiErrors.badRequest("invalid resource version: " + getMessage());
  }
}
