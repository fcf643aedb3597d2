package dev.aggregation.apiserver.endpoints;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One media type with its parameters: an entry of an HTTP {@code Accept} header
 * ({@code type/subtype;param=value;q=0.5}, see {@link AcceptHeader}) or a {@code Content-Type}. Type, subtype and
 * parameter names are lower case, values kept as sent (unquoted); {@code q} is not among the parameters.
 */
public record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {
  public MediaRange {
    parameters = Map.copyOf(parameters);
  }

  /**
   * Parses one media type, such as a {@code Content-Type}.
   *
   * @throws IllegalArgumentException when it has no {@code type/subtype} or a parameter without a value
   */
  public static MediaRange parse(String text) {
    String[] pieces = text.split(";");
    String essence = pieces[0].trim().toLowerCase(Locale.ROOT);
    if (essence.equals("*")) {
      essence = "*/*";
    }
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1) {
      throw new IllegalArgumentException("invalid media type \"" + text.trim() + "\"");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    double quality = 1.0;
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i].trim();
      if (piece.isEmpty()) {
        continue;
      }
      int eq = piece.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid media type parameter \"" + piece + "\"");
      }
      String name = piece.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(piece.substring(eq + 1).trim());
      if (name.equals("q")) {
        try {
          quality = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid quality \"" + value + "\"", e);
        }
      } else {
        parameters.put(name, value);
      }
    }
    return new MediaRange(essence.substring(0, slash), essence.substring(slash + 1), parameters, quality);
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  /** {@code type/subtype}, without parameters. */
  public String essence() {
    return type + "/" + subtype;
  }

  /** Whether this range admits the concrete media type {@code type/subtype}, wildcards included. */
  public boolean admits(String type, String subtype) {
    return (this.type.equals("*") || this.type.equals(type)) && (this.subtype.equals("*") || this.subtype.equals(subtype));
  }

  public String parameter(String name) {
    return parameters.get(name);
  }

  /**
   * Higher for more specific ranges, the tie-breaker between ranges of equal quality: a concrete type before
   * {@code type/*} before {@code * / *}, as goautoneg orders them. Parameters do not count, so that of two
   * {@code application/json} ranges the client's first wins, as in Kubernetes.
   */
  int specificity() {
    return (type.equals("*") ? 0 : 2) + (subtype.equals("*") ? 0 : 1);
  }
}
