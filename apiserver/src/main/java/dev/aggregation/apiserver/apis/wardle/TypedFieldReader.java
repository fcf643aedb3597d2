package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the typed fields of one versioned kind out of a decoded JSON tree the way Go's JSON decoding into the
 * sample's structs does: an absent or {@code null} field is the zero value, and a value of the wrong JSON type is
 * a 400 with the message kube's handlers give ({@code Flunder in version "v1alpha1" cannot be handled as a
 * Flunder: json: cannot unmarshal number into Go struct field FlunderSpec.spec.reference of type string}).
 *
 * <p>Each method names the Go struct holding the field, the field's JSON path from the object root and the Go
 * type, because the message carries all three.
 */
public final class TypedFieldReader {
  private final String kind;
  private final String version;

  public TypedFieldReader(String kind, String version) {
    this.kind = kind;
    this.version = version;
  }

  /** The nested object at {@code field} of {@code parent}, or null when absent or {@code null}. */
  public ObjectNode object(ObjectNode parent, String field, String goStruct, String path, String goType) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw mismatch(value, goStruct, path, goType);
    }
    return object;
  }

  /** The string at {@code field}, {@code ""} when absent or {@code null} (Go's zero value). */
  public String string(ObjectNode parent, String field, String goStruct, String path, String goType) {
    String value = nullableString(parent, field, goStruct, path, goType);
    return value == null ? "" : value;
  }

  /** The string at {@code field}, or null when absent or {@code null} (a Go {@code *string}). */
  public String nullableString(ObjectNode parent, String field, String goStruct, String path, String goType) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw mismatch(value, goStruct, path, goType);
    }
    return value.textValue();
  }

  /**
   * The string list at {@code field}, empty when absent or {@code null}; a {@code null} element decodes to
   * {@code ""} as in Go.
   */
  public List<String> strings(ObjectNode parent, String field, String goStruct, String path) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw mismatch(value, goStruct, path, "[]string");
    }
    List<String> result = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (element.isNull()) {
        result.add("");
      } else if (element.isTextual()) {
        result.add(element.textValue());
      } else {
        throw mismatch(element, goStruct, path, "string");
      }
    }
    return List.copyOf(result);
  }

  private static JsonNode present(ObjectNode parent, String field) {
    if (parent == null) {
      return null;
    }
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private ApiException mismatch(JsonNode value, String goStruct, String path, String goType) {
    return ApiErrors.badRequest(
        kind
            + " in version \""
            + version
            + "\" cannot be handled as a "
            + kind
            + ": json: cannot unmarshal "
            + goValueName(value)
            + " into Go struct field "
            + goStruct
            + "."
            + path
            + " of type "
            + goType);
  }

  /** The JSON value names of encoding/json's UnmarshalTypeError. */
  private static String goValueName(JsonNode value) {
    return switch (value.getNodeType()) {
      case NUMBER -> "number";
      case BOOLEAN -> "bool";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case STRING -> "string";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
