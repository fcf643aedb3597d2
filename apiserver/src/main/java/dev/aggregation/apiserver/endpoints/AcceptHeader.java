package dev.aggregation.apiserver.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Parses an {@code Accept} header into media ranges, most preferred first: by quality, then by specificity,
 * then in the client's order. Ranges with {@code q=0}, and ranges that are malformed, are dropped, as
 * k8s.io/apimachinery's negotiation skips what it cannot use. A missing or blank header accepts anything. Every
 * negotiation of the server (resources, discovery, OpenAPI) reads the header through this one type.
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
      if (clause.isBlank()) {
        continue;
      }
      try {
        MediaRange range = MediaRange.parse(clause);
        if (range.quality() > 0) {
          ranges.add(range);
        }
      } catch (IllegalArgumentException e) {
        // a malformed range: the client may still accept one of the others
      }
    }
    // List.sort is stable, so equal ranges keep the client's order.
    ranges.sort(
        Comparator.comparingDouble(MediaRange::quality).reversed().thenComparing(Comparator.comparingInt(MediaRange::specificity).reversed()));
    return List.copyOf(ranges);
  }
}
