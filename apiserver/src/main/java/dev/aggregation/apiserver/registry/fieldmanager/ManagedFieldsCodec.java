package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.managedFields} to and from entries, with Kubernetes' validation of client-provided entries and
 * its order of encoded entries (operation, then time, manager, apiVersion, subresource).
 */
final class ManagedFieldsCodec {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private ManagedFieldsCodec() {}

  /** Decodes entries; throws IllegalArgumentException with Kubernetes' reason when an entry is invalid. */
  static Map<ManagerId, ManagedEntry> decode(JsonNode managedFields) {
    Map<ManagerId, ManagedEntry> out = new LinkedHashMap<>();
    if (managedFields == null || managedFields.isNull()) {
      return out;
    }
    if (!managedFields.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    for (int i = 0; i < managedFields.size(); i++) {
      JsonNode entry = managedFields.get(i);
      if (!entry.isObject()) {
        throw new IllegalArgumentException("managed fields entry " + i + " is not an object");
      }
      ManagerId.Operation operation = ManagerId.Operation.fromWire(entry.path("operation").asText(""));
      String apiVersion = entry.path("apiVersion").asText("");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = entry.path("fieldsType").asText("");
      if (fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException(
            "invalid fieldsType " + JsonValues.goQuote(fieldsType) + " in managed fields entry " + i);
      }
      ManagerId id =
          new ManagerId(
              entry.path("manager").asText(""), operation, apiVersion, entry.path("subresource").asText(""));
      FieldSet fields = FieldSet.fromFieldsV1(entry.get("fieldsV1"));
      out.put(id, new ManagedEntry(id, apiVersion, parseTime(entry.get("time")), fields));
    }
    return out;
  }

  private static Instant parseTime(JsonNode time) {
    if (time == null || time.isNull() || time.asText().isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time.asText(), RFC3339).toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid time " + JsonValues.goQuote(time.asText()), e);
    }
  }

  /** Kubernetes' "reset" request: an empty list, or a list of one empty entry. */
  static boolean isReset(JsonNode managedFields) {
    if (managedFields == null || !managedFields.isArray()) {
      return false;
    }
    return managedFields.isEmpty()
        || managedFields.size() == 1 && managedFields.get(0).isObject() && managedFields.get(0).isEmpty();
  }

  /** The list to store, or null when nothing is managed (the field is then omitted). */
  static ArrayNode encode(Collection<ManagedEntry> entries) {
    List<ManagedEntry> sorted = new ArrayList<>();
    for (ManagedEntry e : entries) {
      if (!e.fields().isEmpty()) {
        sorted.add(e);
      }
    }
    if (sorted.isEmpty()) {
      return null;
    }
    sorted.sort(
        Comparator.<ManagedEntry, String>comparing(e -> e.id().operation().wire(), JsonValues::compareStrings)
            .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(e -> e.id().manager(), JsonValues::compareStrings)
            .thenComparing(ManagedEntry::apiVersion, JsonValues::compareStrings)
            .thenComparing(e -> e.id().subresource(), JsonValues::compareStrings));
    ArrayNode out = Json.mapper().createArrayNode();
    for (ManagedEntry e : sorted) {
      ObjectNode o = out.addObject();
      putIfNotEmpty(o, "manager", e.id().manager());
      o.put("operation", e.id().operation().wire());
      putIfNotEmpty(o, "apiVersion", e.apiVersion());
      if (e.time() != null) {
        o.put("time", formatTime(e.time()));
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", e.fields().toFieldsV1());
      putIfNotEmpty(o, "subresource", e.id().subresource());
    }
    return out;
  }

  /** RFC3339 in UTC with seconds, as metav1.Time marshals: {@code 2024-05-01T10:00:00Z}. */
  static String formatTime(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  private static void putIfNotEmpty(ObjectNode o, String key, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(key, value);
    }
  }
}
