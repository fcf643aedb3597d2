package dev.aggregation.apiserver.filters;

/**
 * Go's {@code %q} for strings, which Kubernetes uses for user names, verbs and paths in its messages: a
 * double-quoted string with backslash escapes for quotes, backslashes and control characters. Hand-written
 * because no Java library reproduces Go's exact escape forms.
 */
public final class GoQuote {
  private GoQuote() {}

  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 0x0b -> out.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                    out.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}
