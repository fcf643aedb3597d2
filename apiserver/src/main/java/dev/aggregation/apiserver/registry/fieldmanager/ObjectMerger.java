package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.MapType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two object operations of apply, as structured-merge-diff's Merge and RemoveItems: merging an apply
 * configuration into the live object by the schema (scalars and atomic parts replaced, granular maps by key,
 * sets by value, map-lists by key fields), and removing a set of fields from an object. Inputs are never
 * changed; results are fresh trees.
 */
final class ObjectMerger {
  private ObjectMerger() {}

  static ObjectNode merge(ObjectNode live, ObjectNode config, TypeNode type) {
    JsonNode merged = merge(FieldPath.root(), type, live, config);
    return merged instanceof ObjectNode object ? object : Json.object();
  }

  /** Returns the merged value, or null when the result is absent. {@code lhs}/{@code rhs} null mean absent. */
  private static JsonNode merge(FieldPath path, TypeNode declared, JsonNode lhs, JsonNode rhs) {
    TypeNode lt = TypeNode.effective(declared, lhs);
    TypeNode rt = TypeNode.effective(declared, rhs);
    boolean sameShape = lhs == null || rhs == null || lt.getClass() == rt.getClass();
    TypeNode type = rhs == null ? lt : rt;
    if (sameShape && type instanceof ListType list && list.kind() != ListKind.ATOMIC && !bothEmpty(lhs, rhs)) {
      return mergeItems(path, list, lhs, rhs);
    }
    if (sameShape && type instanceof MapType map && !map.atomic() && !bothEmpty(lhs, rhs)) {
      return mergeEntries(path, map, lhs, rhs);
    }
    JsonNode kept = rhs != null ? rhs : lhs;
    return kept == null ? null : kept.deepCopy();
  }

  private static boolean bothEmpty(JsonNode lhs, JsonNode rhs) {
    return (lhs == null || lhs.isNull() || lhs.size() == 0) && (rhs == null || rhs.isNull() || rhs.size() == 0);
  }

  private static JsonNode mergeEntries(FieldPath path, MapType map, JsonNode lhs, JsonNode rhs) {
    ObjectNode out = Json.object();
    if (lhs != null && lhs.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = lhs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode r = rhs != null && rhs.isObject() ? rhs.get(e.getKey()) : null;
        putIfPresent(out, e.getKey(), merge(path.child(PathElement.field(e.getKey())), map.fieldType(e.getKey()), e.getValue(), r));
      }
    }
    if (rhs != null && rhs.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = rhs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (lhs == null || !lhs.isObject() || !lhs.has(e.getKey())) {
          putIfPresent(out, e.getKey(), merge(path.child(PathElement.field(e.getKey())), map.fieldType(e.getKey()), null, e.getValue()));
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static void putIfPresent(ObjectNode out, String key, JsonNode value) {
    if (value != null) {
      out.set(key, value);
    }
  }

  /**
   * Items keep the configuration's order; live items the configuration does not mention stay where they were
   * relative to the ones it does (SMD's own ordering differs in corner cases; both are stable).
   */
  private static JsonNode mergeItems(FieldPath path, ListType list, JsonNode lhs, JsonNode rhs) {
    List<PathElement> leftOrder = new ArrayList<>();
    Map<PathElement, JsonNode> left = items(path, list, lhs, leftOrder, false);
    List<PathElement> rightOrder = new ArrayList<>();
    Map<PathElement, JsonNode> right = items(path, list, rhs, rightOrder, true);
    ArrayNode out = Json.mapper().createArrayNode();
    Set<PathElement> emitted = new HashSet<>();
    int li = 0;
    for (PathElement pe : rightOrder) {
      while (li < leftOrder.size() && !right.containsKey(leftOrder.get(li))) {
        addMerged(out, path, list, leftOrder.get(li), left, right, emitted);
        li++;
      }
      addMerged(out, path, list, pe, left, right, emitted);
      while (li < leftOrder.size() && emitted.contains(leftOrder.get(li))) {
        li++;
      }
    }
    for (; li < leftOrder.size(); li++) {
      addMerged(out, path, list, leftOrder.get(li), left, right, emitted);
    }
    return out.isEmpty() ? null : out;
  }

  private static void addMerged(
      ArrayNode out,
      FieldPath path,
      ListType list,
      PathElement pe,
      Map<PathElement, JsonNode> left,
      Map<PathElement, JsonNode> right,
      Set<PathElement> emitted) {
    if (!emitted.add(pe)) {
      return;
    }
    JsonNode merged = merge(path.child(pe), list.elementType(), left.get(pe), right.get(pe));
    if (merged != null) {
      out.add(merged);
    }
  }

  private static Map<PathElement, JsonNode> items(
      FieldPath path, ListType list, JsonNode value, List<PathElement> order, boolean rejectDuplicates) {
    Map<PathElement, JsonNode> out = new LinkedHashMap<>();
    if (value == null || !value.isArray()) {
      return out;
    }
    for (int i = 0; i < value.size(); i++) {
      PathElement pe = ListItems.pathElement(path, list, i, value.get(i));
      if (out.containsKey(pe)) {
        if (rejectDuplicates) {
          throw new InvalidObjectException(path, "duplicate entries for key " + pe);
        }
        continue;
      }
      out.put(pe, value.get(i));
      order.add(pe);
    }
    return out;
  }

  /** The object without the fields of {@code toRemove}: members go whole, children are removed from within. */
  static ObjectNode remove(ObjectNode object, FieldSet toRemove, TypeNode type) {
    JsonNode result = remove(FieldPath.root(), object, toRemove, type);
    return result instanceof ObjectNode o ? o : Json.object();
  }

  private static JsonNode remove(FieldPath path, JsonNode value, FieldSet toRemove, TypeNode declared) {
    TypeNode type = TypeNode.effective(declared, value);
    if (toRemove.isEmpty() || value == null || value.isNull() || value.size() == 0) {
      return value;
    }
    if (type instanceof MapType map && !map.atomic()) {
      ObjectNode out = Json.object();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        PathElement pe = PathElement.field(e.getKey());
        if (!toRemove.hasMember(pe)) {
          out.set(e.getKey(), remove(path.child(pe), e.getValue(), toRemove.child(pe), map.fieldType(e.getKey())));
        }
      }
      return out;
    }
    if (type instanceof ListType list && list.kind() != ListKind.ATOMIC) {
      ArrayNode out = Json.mapper().createArrayNode();
      for (int i = 0; i < value.size(); i++) {
        PathElement pe = ListItems.pathElement(path, list, i, value.get(i));
        if (!toRemove.hasMember(pe)) {
          out.add(remove(path.child(pe), value.get(i), toRemove.child(pe), list.elementType()));
        }
      }
      return out;
    }
    return value;
  }
}
