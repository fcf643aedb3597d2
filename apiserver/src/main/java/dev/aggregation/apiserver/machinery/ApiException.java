package dev.aggregation.apiserver.machinery;

import io.fabric8.kubernetes.api.model.Status;

/**
 * An error the API answers with a {@code metav1.Status}. Thrown anywhere on the request path; the server
 * writes {@link #status()} with its code. Build instances with {@link ApiErrors}.
 */
public class ApiException extends RuntimeException {
  private final transient Status status;

  public ApiException(Status status) {
    super(status.getMessage());
    this.status = status;
  }

  public ApiException(Status status, Throwable cause) {
    super(status.getMessage(), cause);
    this.status = status;
  }

  public Status status() {
    return status;
  }

  public int code() {
    return status.getCode();
  }

  public String reason() {
    return status.getReason();
  }
}
