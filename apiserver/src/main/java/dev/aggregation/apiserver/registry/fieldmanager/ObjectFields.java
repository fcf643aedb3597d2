package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.MapType;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fields an object sets, as structured-merge-diff's ToFieldSet: every scalar, every atomic list or map as a
 * whole, every list item and every map entry; declared (named) fields of an object are owned through their
 * leaves only, so {@code spec} itself is not a member when {@code spec.replicas} is.
 */
final class ObjectFields {
  private ObjectFields() {}

  static FieldSet of(JsonNode object, TypeNode type) {
    FieldSet.Builder out = FieldSet.builder();
    walk(FieldPath.root(), object, type, out);
    return out.build();
  }

  private static void walk(FieldPath path, JsonNode value, TypeNode declared, FieldSet.Builder out) {
    TypeNode type = TypeNode.effective(declared, value);
    if (type instanceof ListType list) {
      if (list.kind() == ListKind.ATOMIC) {
        out.insert(path);
        return;
      }
      if (value == null || value.isNull()) {
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        FieldPath itemPath = path.child(ListItems.pathElement(path, list, i, value.get(i)));
        walk(itemPath, value.get(i), list.elementType(), out);
        out.insert(itemPath);
      }
    } else if (type instanceof MapType map) {
      if (map.atomic()) {
        out.insert(path);
        return;
      }
      if (value == null || value.isNull()) {
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        FieldPath child = path.child(PathElement.field(e.getKey()));
        walk(child, e.getValue(), map.fieldType(e.getKey()), out);
        if (!map.isNamedField(e.getKey())) {
          out.insert(child);
        }
      }
    } else {
      out.insert(path);
    }
  }

  /**
   * The set plus, as members, the named fields that lead to its paths (SMD's EnsureNamedFieldsAreMembers), so
   * that pruning {@code spec} is possible once nothing below it is owned.
   */
  static FieldSet withNamedFieldsAsMembers(FieldSet set, TypeNode type) {
    TreeSet<PathElement> members = new TreeSet<>(set.members());
    TreeMap<PathElement, FieldSet> children = new TreeMap<>();
    set.children()
        .forEach(
            (pe, child) -> {
              TypeNode childType = childType(type, pe);
              children.put(pe, withNamedFieldsAsMembers(child, childType));
              if (type instanceof MapType map && pe instanceof PathElement.Field f && map.isNamedField(f.name())) {
                members.add(pe);
              }
            });
    return FieldSet.node(members, children);
  }

  static TypeNode childType(TypeNode type, PathElement pe) {
    if (type instanceof MapType map && pe instanceof PathElement.Field f) {
      return map.fieldType(f.name());
    }
    if (type instanceof ListType list && !(pe instanceof PathElement.Field)) {
      return list.elementType();
    }
    return TypeNode.DEDUCED;
  }
}
