package dev.aggregation.apiserver.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of JSON trees for property tests: scalars, arrays and objects nested a few levels. */
public final class JsonArbitraries {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonArbitraries() {}

  /** Field names: mostly ones Kubernetes objects use, so that generated trees hit real code paths. */
  public static Arbitrary<String> fieldNames() {
    return Arbitraries.oneOf(
        Arbitraries.of("apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec", "status",
            "reference", "referenceType", "finalizers", "resourceVersion", "uid", "generateName", "managedFields", "ownerReferences",
            "deletionTimestamp", "creationTimestamp", "generation", "0", "-", "a/b", "~1", ""),
        Arbitraries.strings().ofMaxLength(8));
  }

  public static Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
        Arbitraries.of("wardle.example.com/v1alpha1", "Flunder", "Fischer", "v1", "x", "").map(NODES::textNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()));
  }

  /** Any JSON value up to {@code depth} levels deep. */
  public static Arbitrary<JsonNode> values(int depth) {
    // no edge cases: their combinations over nested containers grow with the tries until generation stalls
    return Arbitraries.recursive(JsonArbitraries::scalars, JsonArbitraries::containersOf, 0, depth).withoutEdgeCases();
  }

  /** JSON objects up to {@code depth} levels deep. */
  public static Arbitrary<ObjectNode> objects(int depth) {
    return Arbitraries.maps(fieldNames(), values(Math.max(0, depth - 1))).ofMaxSize(6).map(JsonArbitraries::object).withoutEdgeCases();
  }

  private static Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(JsonArbitraries::array);
    Arbitrary<JsonNode> objects = Arbitraries.maps(fieldNames(), inner).ofMaxSize(5).map(JsonArbitraries::object);
    return Arbitraries.oneOf(arrays, objects, inner);
  }

  private static JsonNode array(List<JsonNode> items) {
    ArrayNode array = NODES.arrayNode();
    items.forEach(item -> array.add(item.deepCopy()));
    return array;
  }

  private static ObjectNode object(Map<String, JsonNode> fields) {
    ObjectNode object = NODES.objectNode();
    fields.forEach((k, v) -> object.set(k, v.deepCopy()));
    return object;
  }
}
