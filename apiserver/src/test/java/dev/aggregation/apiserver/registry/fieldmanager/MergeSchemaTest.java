package dev.aggregation.apiserver.registry.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.MapType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeSchemaTest {
  @Test
  void readsListTypesAndMapKeysFromTheOpenApiExtensions() throws Exception {
    JsonNode schema =
        Json.mapper()
            .readTree(
                "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{"
                    + "\"ports\":{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\","
                    + "\"x-kubernetes-list-map-keys\":[\"port\",\"protocol\"],\"items\":{\"type\":\"object\"}},"
                    + "\"args\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}");

    MergeSchema merge = MergeSchema.fromOpenApi(schema);

    assertThat(merge.typeAt(FieldPath.fields("spec", "ports")))
        .isEqualTo(new ListType(ListKind.MAP, List.of("port", "protocol"), new MapType(Map.of(), TypeNode.DEDUCED, false)));
    assertThat(((ListType) merge.typeAt(FieldPath.fields("spec", "args"))).kind()).isEqualTo(ListKind.ATOMIC);
  }

  @Test
  void knowsObjectMetaMergeRulesWithoutASchema() {
    MergeSchema merge = MergeSchema.deduced();

    assertThat(((ListType) merge.typeAt(FieldPath.fields("metadata", "ownerReferences"))).keys()).containsExactly("uid");
    assertThat(((ListType) merge.typeAt(FieldPath.fields("metadata", "finalizers"))).kind()).isEqualTo(ListKind.SET);
    assertThat(((MapType) merge.typeAt(FieldPath.fields("metadata", "labels"))).atomic()).isFalse();
  }

  @Test
  void rejectsAMapListWithoutKeys() throws Exception {
    JsonNode schema =
        Json.mapper().readTree("{\"type\":\"object\",\"properties\":{\"l\":{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\"}}}");

    assertThatThrownBy(() -> MergeSchema.fromOpenApi(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-kubernetes-list-map-keys");
  }
}
