package dev.aggregation.apiserver.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses an {@code Accept} header into media ranges, most preferred first: by quality, then by specificity,
 * then in the client's order. Ranges with {@code q=0} or an unparsable {@code q} are dropped, as
 * k8s.io/apimachinery's negotiation (goautoneg) does. A missing or blank header accepts anything.
 *
 * <p>Hand-written because Vert.x only parses the Accept header of a route with {@code produces()}, and then
 * drops the media type parameters ({@code as}, {@code g}, {@code v}) Kubernetes negotiates on.
 */
public final class AcceptHeader {
  private static final MediaRange ANY = new MediaRange("*", "*", Map.of(), 1.0);

  private AcceptHeader() {}

  public static List<MediaRange> parse(String header) {
    if (header == null || header.isBlank()) {
      return List.of(ANY);
    }
    List<MediaRange> ranges = new ArrayList<>();
    for (String clause : header.split(",")) {
      MediaRange range = parseClause(clause);
      if (range != null && range.quality() > 0) {
        ranges.add(range);
      }
    }
    // List.sort is stable, so equal ranges keep the client's order.
    ranges.sort(
        Comparator.comparingDouble(MediaRange::quality).reversed().thenComparing(Comparator.comparingInt(MediaRange::specificity).reversed()));
    return List.copyOf(ranges);
  }

  private static MediaRange parseClause(String clause) {
    String[] parts = clause.split(";");
    String fullType = parts[0].trim().toLowerCase(Locale.ROOT);
    if (fullType.equals("*")) {
      fullType = "*/*";
    }
    int slash = fullType.indexOf('/');
    if (slash <= 0 || slash == fullType.length() - 1) {
      return null;
    }
    double quality = 1.0;
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(parameter.substring(eq + 1).trim());
      if (name.equals("q")) {
        try {
          quality = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        parameters.put(name, value);
      }
    }
    return new MediaRange(fullType.substring(0, slash), fullType.substring(slash + 1), parameters, quality);
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }
}
