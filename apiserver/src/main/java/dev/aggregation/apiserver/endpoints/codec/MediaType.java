package dev.aggregation.apiserver.endpoints.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A media range of an Accept or Content-Type header: {@code application/json;as=Table;v=v1;g=meta.k8s.io}.
 * Parameter names are lower-cased, values kept as sent.
 */
public record MediaType(String type, String subtype, Map<String, String> parameters, double quality) {
  public MediaType {
    parameters = Map.copyOf(parameters);
  }

  public String essence() {
    return type + "/" + subtype;
  }

  public String param(String name) {
    return parameters.get(name);
  }

  public boolean matches(String essence) {
    String[] parts = essence.split("/", 2);
    return (type.equals("*") || type.equals(parts[0])) && (subtype.equals("*") || subtype.equals(parts[1]));
  }

  /** Parses one media type; throws IllegalArgumentException on a malformed one. */
  public static MediaType parse(String text) {
    String[] pieces = text.split(";");
    String essence = pieces[0].trim().toLowerCase(Locale.ROOT);
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1) {
      throw new IllegalArgumentException("invalid media type \"" + text.trim() + "\"");
    }
    Map<String, String> params = new LinkedHashMap<>();
    double q = 1.0;
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
      String value = piece.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (name.equals("q")) {
        try {
          q = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid quality \"" + value + "\"", e);
        }
      } else {
        params.put(name, value);
      }
    }
    return new MediaType(essence.substring(0, slash), essence.substring(slash + 1), params, q);
  }

  /** The ranges of an Accept header, most preferred first (stable for equal quality). */
  public static List<MediaType> parseAccept(String header) {
    List<MediaType> out = new ArrayList<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    for (String range : header.split(",")) {
      if (!range.isBlank()) {
        out.add(parse(range));
      }
    }
    out.sort((a, b) -> Double.compare(b.quality(), a.quality()));
    return out;
  }
}
