package dev.aggregation.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Schema differences between the Swagger 2.0 and OpenAPI 3.0 documents, applied to copies. References
 * point under {@code #/components/schemas/} in 3.0, where a {@code $ref} ignores its siblings, so a
 * reference that carries a description is wrapped in {@code allOf} as kube-openapi does. Swagger 2.0 has no
 * {@code nullable}.
 */
final class V3Conversion {
  private static final String V2_PREFIX = "#/definitions/";
  private static final String V3_PREFIX = "#/components/schemas/";

  private V3Conversion() {}

  static JsonNode toV3(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    rewriteRefs(copy);
    return copy;
  }

  static JsonNode toV2(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    dropNullable(copy);
    return copy;
  }

  private static void rewriteRefs(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(V2_PREFIX)) {
        String v3 = V3_PREFIX + ref.asText().substring(V2_PREFIX.length());
        if (object.size() == 1) {
          object.put("$ref", v3);
        } else {
          object.remove("$ref");
          object.putArray("allOf").addObject().put("$ref", v3);
        }
      }
      List<JsonNode> children = new ArrayList<>();
      object.fields().forEachRemaining((Map.Entry<String, JsonNode> e) -> children.add(e.getValue()));
      children.forEach(V3Conversion::rewriteRefs);
    } else if (node != null && node.isArray()) {
      node.forEach(V3Conversion::rewriteRefs);
    }
  }

  private static void dropNullable(JsonNode node) {
    if (node instanceof ObjectNode object) {
      // Only the keyword: a property that happens to be named "nullable" is a schema object, and stays.
      if (object.path("nullable").isBoolean()) {
        object.remove("nullable");
      }
      object.forEach(V3Conversion::dropNullable);
    } else if (node != null && node.isArray()) {
      node.forEach(V3Conversion::dropNullable);
    }
  }
}
