package dev.aggregation.apiserver.endpoints.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaPrunerTest {
  private final SchemaPruner pruner = new SchemaPruner();

  private static ObjectNode json(String text) {
    return Json.readObject(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsUnknownFieldsWhereTheSchemaPreservesThemButStillChecksKnownOnes() {
    ObjectNode schema = json("""
        {"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
          "properties":{"size":{"type":"integer"}}}}}""");
    ObjectNode object = json("{\"spec\":{\"size\":1,\"anything\":{\"x\":1}}}");

    assertThat(pruner.prune(object, schema)).isEmpty();
    assertThat(object.at("/spec/anything/x").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> pruner.prune(json("{\"spec\":{\"size\":\"one\"}}"), schema))
        .isInstanceOf(SchemaPruner.TypeMismatch.class)
        .hasMessage("cannot unmarshal string into Go struct field .spec.size of type int64");
  }

  @Test
  void prunesMapValuesAlongTheirSchemaAndArraysOfArrays() {
    ObjectNode schema = json("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "matrix":{"type":"array","items":{"type":"array","items":{"type":"object","properties":{"v":{"type":"integer"}}}}}}}}}""");
    ObjectNode object = json("{\"spec\":{\"labels\":{\"a\":\"b\"},\"matrix\":[[{\"v\":1,\"w\":2}]]}}");

    assertThat(pruner.prune(object, schema)).containsExactly("spec.matrix[0][0].w");
    assertThatThrownBy(() -> pruner.prune(json("{\"spec\":{\"labels\":{\"a\":1}}}"), schema))
        .hasMessage("cannot unmarshal number into Go struct field .spec.labels.a of type string");
  }

  @Test
  void reportsAnUnknownTopLevelFieldByItsName() {
    ObjectNode object = json("{\"apiVersion\":\"v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"n\",\"x\":1},\"spex\":{}}");

    assertThat(pruner.prune(object, json("{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\"}}}")))
        .containsExactly("metadata.x", "spex");
    assertThat(object.has("spex")).isFalse();
  }

  @Test
  void refusesANonStringKind() {
    assertThatThrownBy(() -> pruner.prune(json("{\"kind\":1}"), json("{\"type\":\"object\"}")))
        .hasMessage("cannot unmarshal number into Go struct field .kind of type string");
  }
}
