package dev.aggregation.apiserver.machinery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The metadata-only forms client-go's metadata client, the garbage collector and the namespace controller ask for
 * ({@code Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1}): only {@code kind},
 * {@code apiVersion} and the whole {@code metadata}. fabric8 7.5.2 has no model class for them, so they are
 * trees.
 */
public final class PartialObjectMetadata {
  public static final String KIND = "PartialObjectMetadata";
  public static final String LIST_KIND = "PartialObjectMetadataList";
  public static final String META_V1 = "meta.k8s.io/v1";

  private PartialObjectMetadata() {}

  /** @param metaVersion {@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}, as the client asked */
  public static ObjectNode of(ObjectNode object, String metaVersion) {
    ObjectNode partial = Json.object();
    partial.put("kind", KIND);
    partial.put("apiVersion", metaVersion);
    JsonNode metadata = object.get("metadata");
    partial.set("metadata", metadata instanceof ObjectNode m ? m.deepCopy() : Json.object());
    return partial;
  }

  /**
   * A list of {@link #of} items; {@code listMetadata} carries {@code resourceVersion}, {@code continue} and
   * {@code remainingItemCount} (null for none).
   */
  public static ObjectNode list(List<ObjectNode> objects, ObjectNode listMetadata, String metaVersion) {
    ObjectNode list = Json.object();
    list.put("kind", LIST_KIND);
    list.put("apiVersion", metaVersion);
    list.set("metadata", listMetadata == null ? Json.object() : listMetadata.deepCopy());
    ArrayNode items = list.putArray("items");
    objects.forEach(o -> items.add(of(o, metaVersion)));
    return list;
  }
}
