package dev.aggregation.apiserver.filters;

/** A URL from which no {@link RequestInfo} can be derived; kube-apiserver answers it with a plain 500. */
public final class RequestInfoException extends RuntimeException {
  public RequestInfoException(String message) {
    super(message);
  }
}
