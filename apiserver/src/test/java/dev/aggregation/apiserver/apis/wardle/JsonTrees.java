package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;

/** Test helper: JSON text to the object trees the engine hands to strategies and conversions. */
public final class JsonTrees {
  private JsonTrees() {}

  public static ObjectNode tree(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + json, e);
    }
  }
}
