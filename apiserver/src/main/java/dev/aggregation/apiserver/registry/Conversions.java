package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

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

  private static final List<String> TOP_LEVEL_ORDER = List.of("apiVersion", "kind", "metadata");

  /** ObjectMeta's fields in the order of its Go struct, which is how Kubernetes writes them. */
  private static final List<String> METADATA_ORDER =
      List.of(
          "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
          "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
          "ownerReferences", "finalizers", "managedFields");

  /** apiVersion, kind, metadata first and metadata in ObjectMeta's order, as Kubernetes encodes objects. */
  private static ObjectNode reorder(ObjectNode object) {
    ObjectNode ordered = ordered(object, TOP_LEVEL_ORDER);
    if (ordered.get("metadata") instanceof ObjectNode metadata) {
      ordered.set("metadata", ordered(metadata, METADATA_ORDER));
    }
    return ordered;
  }

  private static ObjectNode ordered(ObjectNode object, List<String> first) {
    ObjectNode ordered = object.objectNode();
    for (String field : first) {
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
