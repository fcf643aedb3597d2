package dev.aggregation.apiserver.endpoints;

import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writing the bodies the non-resource endpoints answer with. */
public final class Responses {
  public static final String APPLICATION_JSON = "application/json";
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private Responses() {}

  public static void json(RoutingContext ctx, int code, byte[] body) {
    ctx.response().setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(Buffer.buffer(body));
  }

  /** A {@code metav1.Status} error, as every Kubernetes endpoint answers errors. */
  public static void status(RoutingContext ctx, ApiException error) {
    json(ctx, error.code(), Json.bytes(error.status()));
  }

  /** Plain text as Go's {@code http.Error} writes it: nosniff, and a trailing newline. */
  public static void textError(RoutingContext ctx, int code, String message) {
    ctx.response()
        .setStatusCode(code)
        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(message + "\n");
  }

  /** Upper-case hex SHA-512, the hash Kubernetes puts in discovery and OpenAPI ETags. */
  public static String sha512Hex(byte[] body) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-512", e);
    }
  }

  public static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  /** Whether the client already has the representation with {@code etag} (weak comparison, lists allowed). */
  public static boolean notModified(RoutingContext ctx, String quotedEtag) {
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(quotedEtag) || tag.equals("*")) {
        return true;
      }
    }
    return false;
  }
}
