package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small builders for the OpenAPI v3 schema nodes of the wardle kinds. Descriptions are the Go doc comments of
 * the sample's types (what openapi-gen publishes); a null description means the Go type has none.
 */
public final class SchemaNodes {
  private SchemaNodes() {}

  public static ObjectNode string(String description) {
    ObjectNode node = described(description);
    node.put("type", "string");
    return node;
  }

  public static ObjectNode stringArray(String description) {
    ObjectNode node = described(description);
    node.put("type", "array");
    ObjectNode items = Json.object();
    // openapi-gen marks items of a []string with default "" (the Go zero value).
    items.put("default", "");
    items.put("type", "string");
    node.set("items", items);
    return node;
  }

  /** An object with the given properties in order; no {@code properties} key when there are none. */
  public static ObjectNode object(String description, Map<String, ObjectNode> properties) {
    ObjectNode node = described(description);
    node.put("type", "object");
    if (!properties.isEmpty()) {
      ObjectNode props = Json.object();
      properties.forEach(props::set);
      node.set("properties", props);
    }
    return node;
  }

  /** A non-pointer struct field: openapi-gen gives it {@code default: {}}. */
  public static ObjectNode structField(ObjectNode schema) {
    schema.set("default", Json.object());
    return schema;
  }

  /** An insertion-ordered property map, so published schemas list fields in the Go struct's order. */
  @SafeVarargs
  public static Map<String, ObjectNode> properties(Map.Entry<String, ObjectNode>... properties) {
    Map<String, ObjectNode> map = new LinkedHashMap<>();
    for (Map.Entry<String, ObjectNode> property : properties) {
      map.put(property.getKey(), property.getValue());
    }
    return map;
  }

  public static Map.Entry<String, ObjectNode> property(String name, ObjectNode schema) {
    return Map.entry(name, schema);
  }

  private static ObjectNode described(String description) {
    ObjectNode node = Json.object();
    if (description != null) {
      node.put("description", description);
    }
    return node;
  }
}
