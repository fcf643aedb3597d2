package dev.aggregation.apiserver.machinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patch ({@code application/merge-patch+json}, RFC 7386) as kube-apiserver applies it (through
 * evanphx/json-patch's MergePatch). Hand-written: zjsonpatch only does RFC 6902, and the Java RFC 7386
 * implementations (java-json-tools json-patch, JSON-P's createMergePatch) are not on our classpath and would bring
 * a second JSON tree model or unmaintained dependencies for about thirty lines of logic.
 *
 * <p>Where evanphx differs from the RFC we follow evanphx, so results match kube-apiserver: a patch value placed
 * where no object existed has its null members removed recursively, also inside objects within arrays (the RFC
 * leaves arrays untouched); a top-level {@code null} or scalar patch is rejected with 400
 * {@code Invalid JSON Patch}.
 */
public final class MergePatch {
  private MergePatch() {}

  /**
   * Applies {@code patch} to a copy of {@code target} (neither is modified).
   *
   * @throws ApiException 400 {@code Invalid JSON Patch} when the patch is {@code null} or a scalar
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isNull() || patch.isValueNode()) {
      throw ApiErrors.badRequest("Invalid JSON Patch");
    }
    if (patch.isArray()) {
      return pruneNulls(patch.deepCopy());
    }
    if (target == null || !target.isObject()) {
      return pruneNulls(patch.deepCopy());
    }
    ObjectNode result = ((ObjectNode) target).deepCopy();
    mergeInto(result, (ObjectNode) patch);
    return result;
  }

  private static void mergeInto(ObjectNode doc, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      JsonNode current = doc.get(key);
      if (value.isNull()) {
        doc.remove(key);
      } else if (current == null || current.isNull()) {
        doc.set(key, pruneNulls(value.deepCopy()));
      } else if (!current.isObject()) {
        doc.set(key, pruneNulls(value.deepCopy()));
      } else if (!value.isObject()) {
        doc.set(key, value.deepCopy());
      } else {
        mergeInto((ObjectNode) current, (ObjectNode) value);
      }
    }
  }

  /** Removes null members of objects, recursively through objects and arrays; nulls in arrays stay. */
  private static JsonNode pruneNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> nulls = new ArrayList<>();
      object.fields().forEachRemaining(e -> {
        if (e.getValue().isNull()) {
          nulls.add(e.getKey());
        } else {
          pruneNulls(e.getValue());
        }
      });
      object.remove(nulls);
    } else if (node instanceof ArrayNode array) {
      array.forEach(MergePatch::pruneNulls);
    }
    return node;
  }
}
