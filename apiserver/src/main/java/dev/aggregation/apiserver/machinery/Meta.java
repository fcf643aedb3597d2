package dev.aggregation.apiserver.machinery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the {@code metadata} of an object held as a JSON tree. */
public final class Meta {
  private Meta() {}

  /** The object's metadata node, created empty when absent (or when it is not an object). */
  public static ObjectNode of(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    if (meta instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  public static String text(ObjectNode object, String field) {
    JsonNode meta = object.get("metadata");
    if (meta == null || !meta.isObject()) {
      return "";
    }
    JsonNode value = meta.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  public static String name(ObjectNode object) {
    return text(object, "name");
  }

  public static String namespace(ObjectNode object) {
    return text(object, "namespace");
  }

  public static String uid(ObjectNode object) {
    return text(object, "uid");
  }

  public static String resourceVersion(ObjectNode object) {
    return text(object, "resourceVersion");
  }

  public static boolean deleting(ObjectNode object) {
    return !text(object, "deletionTimestamp").isEmpty();
  }

  public static Map<String, String> labels(ObjectNode object) {
    JsonNode labels = of(object).get("labels");
    Map<String, String> out = new LinkedHashMap<>();
    if (labels != null && labels.isObject()) {
      labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  public static List<String> finalizers(ObjectNode object) {
    JsonNode f = object.path("metadata").get("finalizers");
    List<String> out = new ArrayList<>();
    if (f != null && f.isArray()) {
      f.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  public static void setFinalizers(ObjectNode object, List<String> finalizers) {
    if (finalizers.isEmpty()) {
      of(object).remove("finalizers");
      return;
    }
    ArrayNode array = of(object).putArray("finalizers");
    finalizers.forEach(array::add);
  }

  /** RFC 3339 with second precision, as metav1.Time serializes. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
