package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The merge-relevant shape of one node of an object, as structured-merge-diff's schema atoms: a scalar, a map (an
 * object with declared fields and/or additional entries, granular or atomic), a list (atomic, set or map keyed by
 * fields), or deduced from the value itself (SMD's {@code __untyped_deduced_}: maps granular, lists atomic).
 */
public sealed interface TypeNode permits TypeNode.Scalar, TypeNode.MapType, TypeNode.ListType, TypeNode.Deduced {

  enum ListKind {
    ATOMIC,
    SET,
    MAP
  }

  record Scalar() implements TypeNode {}

  record Deduced() implements TypeNode {}

  /**
   * An object. {@code fields} are its declared properties (a named field is tracked through its leaves, a map entry
   * is itself a member); {@code elementType} types every other key.
   */
  record MapType(Map<String, TypeNode> fields, TypeNode elementType, boolean atomic) implements TypeNode {
    public MapType {
      fields = Map.copyOf(fields);
    }

    TypeNode fieldType(String name) {
      TypeNode declared = fields.get(name);
      return declared != null ? declared : elementType;
    }

    boolean isNamedField(String name) {
      return fields.containsKey(name);
    }
  }

  record ListType(ListKind kind, List<String> keys, TypeNode elementType) implements TypeNode {
    public ListType {
      keys = List.copyOf(keys);
    }
  }

  TypeNode SCALAR = new Scalar();
  TypeNode DEDUCED = new Deduced();
  MapType DEDUCED_MAP = new MapType(Map.of(), DEDUCED, false);
  ListType DEDUCED_LIST = new ListType(ListKind.ATOMIC, List.of(), DEDUCED);

  /**
   * The type to walk {@code value} with: the declared one when the value fits it, else what the value itself
   * suggests (a deduced type, or a value of the wrong shape, which validation rejects elsewhere). Null and
   * absent values fit every type.
   */
  static TypeNode effective(TypeNode declared, JsonNode value) {
    if (value == null || value.isNull()) {
      return declared instanceof Deduced ? SCALAR : declared;
    }
    boolean fits =
        declared instanceof MapType
            ? value.isObject()
            : declared instanceof ListType ? value.isArray() : declared instanceof Scalar && value.isValueNode();
    if (fits) {
      return declared;
    }
    if (value.isObject()) {
      return DEDUCED_MAP;
    }
    return value.isArray() ? DEDUCED_LIST : SCALAR;
  }
}
