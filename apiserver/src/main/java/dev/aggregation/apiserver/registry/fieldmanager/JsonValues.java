package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Value semantics of structured-merge-diff over Jackson trees: its total order across types, its numeric equality
 * (an int and a float of the same value are equal), and the byte-exact JSON Go writes for the values embedded in
 * {@code k:} and {@code v:} path elements. Jackson's own writer differs from Go's (HTML escaping, sorted map keys,
 * float formatting), and those bytes end up as keys of {@code fieldsV1}, so they must match.
 */
final class JsonValues {
  private JsonValues() {}

  /** SMD's order: floats and ints (numerically) &lt; strings &lt; booleans &lt; lists &lt; maps &lt; null. */
  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        return a.decimalValue().compareTo(b.decimalValue());
      case 1:
        return compareStrings(a.textValue(), b.textValue());
      case 2:
        return Boolean.compare(a.booleanValue(), b.booleanValue());
      case 3:
        return compareLists(a, b);
      case 4:
        return compareMaps(a, b);
      default:
        return 0;
    }
  }

  static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!equal(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return rank(a) == rank(b) && compare(a, b) == 0;
  }

  /** Go (encoding/json, as jsoniter's standard-library-compatible config) bytes of a value. */
  static String goJson(JsonNode v) {
    StringBuilder sb = new StringBuilder();
    writeGoJson(v, sb);
    return sb.toString();
  }

  /** Go's {@code %q}: a double-quoted, escaped string, as in the managers of conflict messages. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder();
    writeGoString(s, sb, false);
    return sb.toString();
  }

  /** SMD's value.ToString: how a value reads inside a path ({@code [name="a"]}, {@code [=80]}). */
  static String humanReadable(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isNumber()) {
      return goNumber(v);
    }
    if (v.isTextual()) {
      return goQuote(v.textValue());
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.booleanValue());
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(item -> parts.add(humanReadable(item)));
      return "[" + String.join(",", parts) + "]";
    }
    List<String> parts = new ArrayList<>();
    v.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + humanReadable(e.getValue())));
    return "{" + String.join(",", parts) + "}";
  }

  /** Go compares strings bytewise in UTF-8, which is code point order, not Java's UTF-16 unit order. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int rank(JsonNode v) {
    if (v.isNumber()) {
      return 0;
    }
    if (v.isTextual()) {
      return 1;
    }
    if (v.isBoolean()) {
      return 2;
    }
    if (v.isArray()) {
      return 3;
    }
    if (v.isObject()) {
      return 4;
    }
    return 5;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys(a);
    List<String> kb = sortedKeys(b);
    for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
      int c = compareStrings(ka.get(i), kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    keys.sort(JsonValues::compareStrings);
    return keys;
  }

  private static void writeGoJson(JsonNode v, StringBuilder sb) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      sb.append("null");
    } else if (v.isNumber()) {
      sb.append(goNumber(v));
    } else if (v.isTextual()) {
      writeGoString(v.textValue(), sb, true);
    } else if (v.isBoolean()) {
      sb.append(v.booleanValue());
    } else if (v.isArray()) {
      sb.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        writeGoJson(v.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append('{');
      boolean first = true;
      for (String key : sortedKeys(v)) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeGoString(key, sb, true);
        sb.append(':');
        writeGoJson(v.get(key), sb);
      }
      sb.append('}');
    }
  }

  private static String goNumber(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    double d = v.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new BigDecimal(d).toBigInteger().toString();
    }
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    // Go writes exponents as e-07 -> e-07 trimmed to e-7 and positive ones with a sign: 1e+21.
    String s = BigDecimal.valueOf(d).stripTrailingZeros().toString().replace('E', 'e');
    return s.replaceAll("e(\\d)", "e+$1");
  }

  /** JSON-mode escapes like encoding/json (HTML-safe); %q mode escapes like strconv.Quote. */
  private static void writeGoString(String s, StringBuilder sb, boolean json) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (json && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (c < 0x20 || (!json && c == 0x7f)) {
            sb.append(json ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
