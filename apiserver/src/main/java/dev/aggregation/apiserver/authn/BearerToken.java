package dev.aggregation.apiserver.authn;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Optional;

/**
 * The token of an {@code Authorization: Bearer <token>} header, read as k8s.io/apiserver's bearertoken
 * authenticator reads it: the scheme is case-insensitive, the token is the second space-separated word, and a
 * header that is not a well-formed bearer header carries no token (so it is not an error).
 */
public final class BearerToken {
  private BearerToken() {}

  public static Optional<String> from(MultiMap headers) {
    String authorization = headers.get("Authorization");
    if (authorization == null) {
      return Optional.empty();
    }
    String trimmed = authorization.strip();
    String[] parts = trimmed.split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    // "Bearer  token" (two spaces) yields an empty second word: Kubernetes ignores such a header.
    return parts[1].isEmpty() ? Optional.empty() : Optional.of(parts[1]);
  }
}
