package dev.aggregation.apiserver.apis.wardle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WardleSchemaTest {
  private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");

  private static ObjectNode schema(String kind, String version) {
    ResourceStrategy strategy =
        WardleApi.group().resources().stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow();
    return strategy.version(version).schema();
  }

  /** The violations of a structural schema (every node typed, objects by properties, arrays by items, no refs). */
  private static List<String> structuralViolations(JsonNode schema, String path) {
    List<String> violations = new ArrayList<>();
    if (!schema.path("type").isTextual() || !TYPES.contains(schema.path("type").asText())) {
      violations.add(path + ": no valid type");
    }
    for (String forbidden : List.of("$ref", "allOf", "anyOf", "oneOf", "not", "additionalProperties")) {
      if (schema.has(forbidden)) {
        violations.add(path + ": has " + forbidden);
      }
    }
    if (schema.has("description") && !schema.get("description").isTextual()) {
      violations.add(path + ": description is not a string");
    }
    String type = schema.path("type").asText();
    if (schema.has("properties")) {
      if (!type.equals("object")) {
        violations.add(path + ": properties on a non-object");
      }
      Iterator<Map.Entry<String, JsonNode>> properties = schema.get("properties").fields();
      while (properties.hasNext()) {
        Map.Entry<String, JsonNode> property = properties.next();
        violations.addAll(structuralViolations(property.getValue(), path + "." + property.getKey()));
      }
    }
    if (type.equals("array")) {
      if (!schema.has("items")) {
        violations.add(path + ": array without items");
      } else {
        violations.addAll(structuralViolations(schema.get("items"), path + "[]"));
      }
    }
    return violations;
  }

  @Test
  void everyServedVersionHasAStructuralObjectSchemaWithoutTheEngineFields() {
    for (ResourceStrategy kind : WardleApi.group().resources()) {
      for (VersionDefinition version : kind.versions()) {
        ObjectNode schema = version.schema();
        assertThat(schema.path("type").asText()).as(kind.kind() + " " + version.name()).isEqualTo("object");
        assertThat(structuralViolations(schema, kind.kind() + "/" + version.name())).isEmpty();
        assertThat(schema.path("properties").has("apiVersion")).isFalse();
        assertThat(schema.path("properties").has("kind")).isFalse();
        assertThat(schema.path("properties").has("metadata")).isFalse();
      }
    }
  }

  @Test
  void v1alpha1FlunderHasReferenceAndReferenceTypeWithTheSampleDescriptions() {
    JsonNode spec = schema("Flunder", "v1alpha1").at("/properties/spec");
    assertThat(spec.path("type").asText()).isEqualTo("object");
    assertThat(spec.at("/properties/reference/type").asText()).isEqualTo("string");
    assertThat(spec.at("/properties/reference/description").asText())
        .isEqualTo("A name of another flunder or fischer, depending on the reference type.");
    assertThat(spec.at("/properties/referenceType/description").asText())
        .isEqualTo("The reference type, defaults to \"Flunder\" if reference is set.");
    assertThat(schema("Flunder", "v1alpha1").at("/properties/status/type").asText()).isEqualTo("object");
  }

  @Test
  void v1beta1FlunderHasBothReferencesWithTheSampleDescriptions() {
    ObjectNode schema = schema("Flunder", "v1beta1");
    assertThat(schema.path("description").asText()).isEqualTo("Flunder is an example type with a spec and a status.");
    JsonNode spec = schema.at("/properties/spec");
    assertThat(spec.path("description").asText()).isEqualTo("FlunderSpec is the specification of a Flunder.");
    assertThat(spec.path("properties").fieldNames()).toIterable().containsExactly("flunderReference", "fischerReference", "referenceType");
    assertThat(spec.at("/properties/flunderReference/description").asText())
        .isEqualTo("A name of another flunder, mutually exclusive to the FischerReference.");
    assertThat(schema.at("/properties/status/description").asText()).isEqualTo("FlunderStatus is the status of a Flunder.");
  }

  @Test
  void fischerHasATopLevelListOfStrings() {
    JsonNode list = schema("Fischer", "v1alpha1").at("/properties/disallowedFlunders");
    assertThat(list.path("type").asText()).isEqualTo("array");
    assertThat(list.at("/items/type").asText()).isEqualTo("string");
    assertThat(list.path("description").asText()).isEqualTo("DisallowedFlunders holds a list of Flunder.Names that are disallowed.");
    assertThat(schema("Fischer", "v1alpha1").path("properties").fieldNames()).toIterable().containsExactly("disallowedFlunders");
  }

  @Test
  void handsOutACopyThatCallersMayChange() {
    ResourceStrategy flunder = WardleApi.group().resources().get(0);
    flunder.version("v1beta1").schema().remove("properties");
    assertThat(flunder.version("v1beta1").schema().has("properties")).isTrue();
  }
}
