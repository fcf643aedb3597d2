package dev.aggregation.apiserver.machinery.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads ObjectMeta fields from a JSON tree the way Go's zero values behave: absent or null reads as empty. */
final class MetaFields {
  private static final DateTimeFormatter GO_TIME_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private MetaFields() {}

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  static boolean present(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && !value.isNull();
  }

  static long int64(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? 0 : value.asLong();
  }

  /** A string map, sorted by key so that messages come in a stable order (Go's map order is random). */
  static Map<String, String> stringMap(JsonNode node, String field) {
    Map<String, String> out = new TreeMap<>();
    JsonNode value = node == null ? null : node.get(field);
    if (value != null && value.isObject()) {
      value.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    }
    return out;
  }

  static List<String> stringList(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    JsonNode value = node == null ? null : node.get(field);
    if (value != null && value.isArray()) {
      value.forEach(v -> out.add(v.isNull() ? "" : v.asText()));
    }
    return out;
  }

  static List<JsonNode> objects(JsonNode node, String field) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode value = node == null ? null : node.get(field);
    if (value != null && value.isArray()) {
      value.forEach(out::add);
    }
    return out;
  }

  /** An RFC 3339 timestamp as an instant; null when absent or unreadable. */
  static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    if (value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Go's time.Time.String() of a metav1.Time in UTC: {@code 2024-05-01 10:00:00 +0000 UTC}. */
  static String goTimeString(Instant instant) {
    Instant t = instant == null ? Instant.parse("0001-01-01T00:00:00Z") : instant;
    return GO_TIME_STRING.format(t.atOffset(ZoneOffset.UTC)) + " +0000 UTC";
  }
}
