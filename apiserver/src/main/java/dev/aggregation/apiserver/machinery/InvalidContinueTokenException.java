package dev.aggregation.apiserver.machinery;

/**
 * A {@code continue} parameter that does not decode. The message is storage.DecodeContinue's
 * ({@code continue key is not valid: ...}); {@link #toApiException()} is the 400 kube-apiserver answers with.
 */
public final class InvalidContinueTokenException extends RuntimeException {
  public InvalidContinueTokenException(String message) {
    super(message);
  }

  /** 400 BadRequest {@code invalid continue token: continue key is not valid: ...}, as the etcd3 store answers. */
  public ApiException toApiException() {
    return ApiErrors.badRequest("invalid continue token: " + getMessage());
  }
}
