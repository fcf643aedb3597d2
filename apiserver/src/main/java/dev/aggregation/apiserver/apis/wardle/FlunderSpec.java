package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;

/**
 * The hub (internal) Flunder spec, as sample-apiserver's {@code wardle.FlunderSpec}: a reference to either a
 * Flunder or a Fischer, and which one it is. Empty strings are Go's zero values; {@code referenceType} is kept as
 * the raw string because it is only checked by validation (see {@link FlunderValidation}).
 *
 * <p>In the hub object the spec sits at {@code spec} with the v1beta1 field names, empty fields omitted, and
 * {@code status} is always the empty object (the sample's FlunderStatus has no fields).
 */
public record FlunderSpec(String flunderReference, String fischerReference, String referenceType) {
  public static final String FLUNDER = "Flunder";
  public static final String FISCHER = "Fischer";

  public static final FlunderSpec EMPTY = new FlunderSpec("", "", "");

  public FlunderSpec {
    flunderReference = flunderReference == null ? "" : flunderReference;
    fischerReference = fischerReference == null ? "" : fischerReference;
    referenceType = referenceType == null ? "" : referenceType;
  }

  public static FlunderSpec referencingFlunder(String name) {
    return new FlunderSpec(name, "", FLUNDER);
  }

  public static FlunderSpec referencingFischer(String name) {
    return new FlunderSpec("", name, FISCHER);
  }

  /** Reads the spec of a hub Flunder (built by a {@code toHub} conversion, so the types are known good). */
  public static FlunderSpec of(ObjectNode hubFlunder) {
    JsonNode spec = hubFlunder.get("spec");
    if (spec == null || !spec.isObject()) {
      return EMPTY;
    }
    return new FlunderSpec(text(spec, "flunderReference"), text(spec, "fischerReference"), text(spec, "referenceType"));
  }

  /** Writes this spec and the empty status into {@code hubFlunder}, replacing what was there. */
  public ObjectNode writeTo(ObjectNode hubFlunder) {
    ObjectNode spec = Json.object();
    putIfNotEmpty(spec, "flunderReference", flunderReference);
    putIfNotEmpty(spec, "fischerReference", fischerReference);
    putIfNotEmpty(spec, "referenceType", referenceType);
    hubFlunder.set("spec", spec);
    hubFlunder.set("status", Json.object());
    return hubFlunder;
  }

  private static String text(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    return value != null && value.isTextual() ? value.textValue() : "";
  }

  /** Go's {@code omitempty} on a string field. */
  static void putIfNotEmpty(ObjectNode target, String field, String value) {
    if (!value.isEmpty()) {
      target.put(field, value);
    }
  }
}
