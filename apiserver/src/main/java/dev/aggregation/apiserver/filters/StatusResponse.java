package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.GoStrings;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answers the filters end a request with, in the forms k8s.io/apiserver's responsewriters use: a
 * {@code metav1.Status} as JSON, or the plain-text 500 of an internal failure.
 */
public final class StatusResponse {
  private StatusResponse() {}

  /** Ends the response with {@code error}'s Status as JSON and its code. */
  public static void write(HttpServerResponse response, ApiException error) {
    if (response.ended() || response.closed()) {
      return;
    }
    Integer retryAfter = error.status().getDetails() == null ? null : error.status().getDetails().getRetryAfterSeconds();
    if (retryAfter != null && retryAfter > 0) {
      response.putHeader("Retry-After", retryAfter.toString());
    }
    response
        .setStatusCode(error.code())
        .putHeader("Cache-Control", "no-cache, private")
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(Buffer.buffer(Json.bytes(error.status())));
  }

  /**
   * Ends the response as Go's {@code responsewriters.InternalError} does: 500, plain text
   * {@code Internal Server Error: "<request URI>": <error>} with {@code & < >} HTML-escaped.
   */
  public static void internalError(HttpServerResponse response, String requestUri, Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    String body = escapeHtml("Internal Server Error: " + GoStrings.quote(requestUri) + ": " + message) + "\n";
    response
        .setStatusCode(500)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The escaping Kubernetes applies to messages it builds from request data ({@code & < >} only). */
  public static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
