package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.MapType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions of an object, as structured-merge-diff's Compare: fields only in the new one
 * (added, with the parents they bring), fields in both that differ (modified; atomic lists and maps as a whole),
 * and fields only in the old one (removed). No field is in two of the sets.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

  static Comparison of(JsonNode oldObject, JsonNode newObject, TypeNode type) {
    Walk walk = new Walk();
    walk.compare(FieldPath.root(), type, oldObject, newObject);
    return new Comparison(walk.added.build(), walk.modified.build(), walk.removed.build());
  }

  FieldSet addedOrModified() {
    return added.union(modified);
  }

  private static final class Walk {
    final FieldSet.Builder added = FieldSet.builder();
    final FieldSet.Builder modified = FieldSet.builder();
    final FieldSet.Builder removed = FieldSet.builder();

    /** {@code lhs}/{@code rhs} are null when absent (a JSON null is present). */
    void compare(FieldPath path, TypeNode declared, JsonNode lhs, JsonNode rhs) {
      TypeNode lt = TypeNode.effective(declared, lhs);
      TypeNode rt = TypeNode.effective(declared, rhs);
      TypeNode type = rhs == null ? lt : rt;
      boolean leaf;
      if (lhs != null && rhs != null && !sameShape(lt, rt)) {
        leaf = true;
      } else if (type instanceof ListType list) {
        leaf = list.kind() == ListKind.ATOMIC || (isEmpty(lhs) && isEmpty(rhs));
        if (!leaf) {
          compareItems(path, list, lhs, rhs);
        }
      } else if (type instanceof MapType map) {
        leaf = map.atomic() || (isEmpty(lhs) && isEmpty(rhs));
        if (!leaf) {
          compareEntries(path, map, lhs, rhs);
        }
      } else {
        leaf = true;
      }
      if (path.isRoot()) {
        return;
      }
      if (lhs == null) {
        added.insert(path);
      } else if (rhs == null) {
        removed.insert(path);
      } else if (leaf && !JsonValues.equal(lhs, rhs)) {
        modified.insert(path);
      }
    }

    private static boolean sameShape(TypeNode a, TypeNode b) {
      return a.getClass() == b.getClass();
    }

    private static boolean isEmpty(JsonNode v) {
      return v == null || v.isNull() || v.size() == 0;
    }

    private void compareEntries(FieldPath path, MapType map, JsonNode lhs, JsonNode rhs) {
      Set<String> keys = new LinkedHashSet<>();
      if (lhs != null && lhs.isObject()) {
        lhs.fieldNames().forEachRemaining(keys::add);
      }
      if (rhs != null && rhs.isObject()) {
        rhs.fieldNames().forEachRemaining(keys::add);
      }
      for (String key : keys) {
        compare(path.child(PathElement.field(key)), map.fieldType(key), child(lhs, key), child(rhs, key));
      }
    }

    private static JsonNode child(JsonNode object, String key) {
      return object != null && object.isObject() ? object.get(key) : null;
    }

    private void compareItems(FieldPath path, ListType list, JsonNode lhs, JsonNode rhs) {
      Map<PathElement, JsonNode> left = items(path, list, lhs);
      Map<PathElement, JsonNode> right = items(path, list, rhs);
      right.forEach((pe, value) -> compare(path.child(pe), list.elementType(), left.get(pe), value));
      left.forEach(
          (pe, value) -> {
            if (!right.containsKey(pe)) {
              compare(path.child(pe), list.elementType(), value, null);
            }
          });
    }

    /** Items by path element; a repeated element keeps its first occurrence, as SMD does. */
    private static Map<PathElement, JsonNode> items(FieldPath path, ListType list, JsonNode value) {
      Map<PathElement, JsonNode> out = new LinkedHashMap<>();
      if (value != null && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          out.putIfAbsent(ListItems.pathElement(path, list, i, value.get(i)), value.get(i));
        }
      }
      return out;
    }
  }
}
