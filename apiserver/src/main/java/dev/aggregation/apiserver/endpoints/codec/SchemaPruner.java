package dev.aggregation.apiserver.endpoints.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a decoded object along its OpenAPI v3 schema as Go's typed decoding would: fields the schema does not
 * know are removed and reported (for fieldValidation), and values of the wrong JSON type are a decoding error.
 * Hand-written because what is needed is exactly Kubernetes' typed-decoding behaviour (prune and report),
 * which JSON-schema validators do not do.
 */
public final class SchemaPruner {
  /** metav1.ObjectMeta's fields; their types are checked by decoding into fabric8's ObjectMeta. */
  static final Set<String> OBJECT_META_FIELDS =
      Set.of(
          "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
          "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
          "ownerReferences", "finalizers", "managedFields");

  /** A value whose JSON type is not the one of its schema. */
  public static final class TypeMismatch extends RuntimeException {
    public TypeMismatch(String message) {
      super(message);
    }
  }

  /** Removes unknown fields from {@code object} in place and returns their paths ({@code spec.foo}). */
  public List<String> prune(ObjectNode object, ObjectNode schema) {
    List<String> unknown = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      switch (name) {
        case "apiVersion", "kind" -> {
          if (!field.getValue().isTextual()) {
            throw new TypeMismatch("cannot unmarshal " + jsonType(field.getValue()) + " into Go struct field ." + name + " of type string");
          }
        }
        case "metadata" -> pruneMetadata(field.getValue(), unknown);
        default -> {
          JsonNode propertySchema = schema.path("properties").get(name);
          if (propertySchema == null) {
            unknown.add(name);
            fields.remove();
          } else {
            walk(field.getValue(), propertySchema, name, unknown);
          }
        }
      }
    }
    return unknown;
  }

  private static void pruneMetadata(JsonNode metadata, List<String> unknown) {
    if (metadata.isNull()) {
      return;
    }
    if (!(metadata instanceof ObjectNode meta)) {
      throw new TypeMismatch("cannot unmarshal " + jsonType(metadata) + " into Go struct field .metadata of type v1.ObjectMeta");
    }
    Iterator<String> names = meta.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!OBJECT_META_FIELDS.contains(name)) {
        unknown.add("metadata." + name);
        names.remove();
      }
    }
  }

  private void walk(JsonNode value, JsonNode schema, String path, List<String> unknown) {
    if (value.isNull() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("properties")) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        throw mismatch(value, path, "intstr.IntOrString");
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!(value instanceof ObjectNode object)) {
          throw mismatch(value, path, "object");
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String child = path + "." + field.getKey();
          JsonNode childSchema = properties == null ? null : properties.get(field.getKey());
          if (childSchema == null && additional != null && additional.isObject()) {
            childSchema = additional;
          }
          if (childSchema == null) {
            if (!preserve && !(additional != null && additional.asBoolean(false))) {
              unknown.add(child);
              fields.remove();
            }
          } else {
            walk(field.getValue(), childSchema, child, unknown);
          }
        }
      }
      case "array" -> {
        if (!(value instanceof ArrayNode array)) {
          throw mismatch(value, path, "array");
        }
        JsonNode items = schema.get("items");
        if (items != null) {
          for (int i = 0; i < array.size(); i++) {
            walk(array.get(i), items, path + "[" + i + "]", unknown);
          }
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          throw mismatch(value, path, "string");
        }
      }
      case "integer" -> {
        if (value.isNumber() && !value.isIntegralNumber()) {
          // Go's decoder names the number it could not parse as an integer
          throw new TypeMismatch(
              "cannot unmarshal number " + value.asText() + " into Go struct field ." + path + " of type int64");
        }
        if (!value.isIntegralNumber()) {
          throw mismatch(value, path, "int64");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          throw mismatch(value, path, "float64");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          throw mismatch(value, path, "bool");
        }
      }
      default -> {
        // no type: anything goes
      }
    }
  }

  private static TypeMismatch mismatch(JsonNode value, String path, String goType) {
    return new TypeMismatch("cannot unmarshal " + jsonType(value) + " into Go struct field ." + path + " of type " + goType);
  }

  private static String jsonType(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    return "null";
  }
}
