package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts between a version and the hub, keeping what the engine owns ({@code metadata}) out of the
 * strategy's hands: conversions see a private copy and the engine restores metadata, apiVersion and kind.
 */
public final class Conversions {
  public static final String HUB_API_VERSION = "__internal";

  private Conversions() {}

  public static ObjectNode toHub(ResourceStrategy strategy, VersionDefinition version, ObjectNode object) {
    ObjectNode hub = version.toHub(object.deepCopy());
    hub.put("apiVersion", strategy.group() + "/" + HUB_API_VERSION);
    hub.put("kind", strategy.kind());
    restoreMetadata(object, hub);
    return reorder(hub);
  }

  public static ObjectNode fromHub(ResourceStrategy strategy, VersionDefinition version, ObjectNode hub) {
    ObjectNode out = version.fromHub(hub.deepCopy());
    out.put("apiVersion", strategy.group() + "/" + version.name());
    out.put("kind", strategy.kind());
    restoreMetadata(hub, out);
    return reorder(out);
  }

  private static void restoreMetadata(ObjectNode from, ObjectNode to) {
    JsonNode meta = from.get("metadata");
    if (meta != null) {
      to.set("metadata", meta.deepCopy());
    } else {
      to.remove("metadata");
    }
  }

  /** apiVersion, kind, metadata first, as Kubernetes encodes objects. */
  private static ObjectNode reorder(ObjectNode object) {
    ObjectNode ordered = object.objectNode();
    for (String field : new String[] {"apiVersion", "kind", "metadata"}) {
      if (object.has(field)) {
        ordered.set(field, object.get(field));
      }
    }
    object.fields().forEachRemaining(e -> {
      if (!ordered.has(e.getKey())) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    return ordered;
  }
}
