package dev.aggregation.apiserver.authn;

import java.nio.charset.StandardCharsets;

/**
 * Extra keys travel in header names ({@code X-Remote-Extra-<key>}, {@code Impersonate-Extra-<key>}) lower-cased
 * and %-escaped (client-go escapes every byte that may not appear in a header name, and '%').
 */
public final class ExtraKeys {
  private ExtraKeys() {}

  /**
   * Go's {@code url.PathUnescape}: {@code %XX} becomes the byte XX (the bytes read as UTF-8) and '+' stays; a
   * malformed escape keeps the key as sent, as Kubernetes records it anyway. Hand-written because
   * {@link java.net.URLDecoder} turns '+' into a space.
   */
  public static String unescape(String key) {
    if (key.indexOf('%') < 0) {
      return key;
    }
    byte[] raw = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length];
    int length = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '%') {
        out[length++] = raw[i];
        continue;
      }
      if (i + 2 >= raw.length) {
        return key;
      }
      int high = Character.digit(raw[i + 1], 16);
      int low = Character.digit(raw[i + 2], 16);
      if (high < 0 || low < 0) {
        return key;
      }
      out[length++] = (byte) (high << 4 | low);
      i += 2;
    }
    return new String(out, 0, length, StandardCharsets.UTF_8);
  }
}
