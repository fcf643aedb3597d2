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
    // almost every path has no escape: it is its own decoding, and decoding it would copy it three times
    String decoded = rawPath.indexOf('%') < 0 ? rawPath : unescape(rawPath);
    if (hasDotSegment(decoded)) {
      throw new InvalidPathException("invalid URL path " + rawPath + ": dot segments are not allowed");
    }
    return decoded;
  }

  // hand-written: URLDecoder decodes '+' as a space, which is form encoding, not a path's
  private static String unescape(String rawPath) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    int i = 0;
    while (i < rawPath.length()) {
      int c = rawPath.codePointAt(i);
      if (c != '%') {
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
        continue;
      }
      int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
      if (low < 0) {
        String escape = rawPath.substring(i, Math.min(i + 3, rawPath.length()));
        throw new InvalidPathException("invalid URL escape \"" + escape + "\"");
      }
      bytes.write(high << 4 | low);
      i += 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean hasDotSegment(String path) {
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      int length = end - start;
      if ((length == 1 || length == 2) && path.charAt(start) == '.' && (length == 1 || path.charAt(start + 1) == '.')) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }
}
