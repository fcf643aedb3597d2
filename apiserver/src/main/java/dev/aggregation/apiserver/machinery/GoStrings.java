package dev.aggregation.apiserver.machinery;

/**
 * Go's {@code strconv.Quote}, which Kubernetes uses (through {@code %q}) in most of the messages we reproduce.
 * Hand-written: no Java library quotes with Go's escape rules ({@code \x07}, {@code \u00ad}, printable
 * Unicode left as is).
 */
public final class GoStrings {
  private GoStrings() {}

  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(out, cp));
    return out.append('"').toString();
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    switch (cp) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0b -> out.append("\\v");
      default -> {
        if (isPrintable(cp)) {
          out.appendCodePoint(cp);
        } else if (cp < 0x80) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp <= 0xffff) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** Go's strconv.IsPrint (and unicode.IsPrint): letters, marks, numbers, punctuation, symbols, ASCII space. */
  public static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }
}
