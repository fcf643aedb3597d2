package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;

/** Helpers shared by the wardle conversions. */
public final class KindObjects {
  private KindObjects() {}

  /**
   * A new object carrying only {@code source}'s metadata. Conversions build their result field by field, so that
   * fields the target version does not know are dropped as Go's typed decoding drops them; apiVersion and kind
   * are the engine's to set.
   */
  public static ObjectNode withMetadataOf(ObjectNode source) {
    ObjectNode result = Json.object();
    JsonNode metadata = source.get("metadata");
    if (metadata != null) {
      result.set("metadata", metadata);
    }
    return result;
  }
}
