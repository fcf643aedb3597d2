package dev.aggregation.apiserver.filters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The path a request addresses, as Go's {@code URL.Path} gives it to k8s.io/apiserver's RequestInfoFactory: every
 * {@code %XX} decoded ({@code a%20b} names {@code a b}; {@code %2F} is a separator once decoded). Paths with
 * {@code .} or {@code ..} segments, literal or escaped, are refused: Vert.x's router matches the path with dot
 * segments removed, and authorization must never judge one path while the router serves another.
 */
public final class RequestPath {
  private RequestPath() {}

  /** Thrown for a malformed escape or a dot segment; the message says which. */
  public static final class InvalidPathException extends RuntimeException {
    InvalidPathException(String message) {
      super(message);
    }
  }

  /**
   * @param rawPath the path as sent, without the query
   * @return the decoded path
   */
  public static String decode(String rawPath) {
    // hand-written: URLDecoder decodes '+' as a space, which is form encoding, not a path's
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
      if (low < 0) {
        String escape = rawPath.substring(i, Math.min(i + 3, rawPath.length()));
        throw new InvalidPathException("invalid URL escape \"" + escape + "\"");
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    String decoded = bytes.toString(StandardCharsets.UTF_8);
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidPathException("invalid URL path " + rawPath + ": dot segments are not allowed");
      }
    }
    return decoded;
  }
}
