package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an item of a list is addressed: by its key fields, by its value, or (atomic lists) by its position. */
final class ListItems {
  private ListItems() {}

  static PathElement pathElement(FieldPath listPath, ListType list, int index, JsonNode item) {
    if (list.kind() == ListKind.MAP) {
      if (item == null || item.isNull()) {
        throw new InvalidObjectException(
            listPath, "element " + index + ": associative list with keys may not have a null element");
      }
      if (!item.isObject()) {
        throw new InvalidObjectException(
            listPath, "element " + index + ": associative list with keys may not have non-map elements");
      }
      Map<String, JsonNode> key = new LinkedHashMap<>();
      for (String name : list.keys()) {
        JsonNode value = item.get(name);
        if (value == null) {
          throw new InvalidObjectException(
              listPath,
              "element "
                  + index
                  + ": associative list with keys has an element that omits key field "
                  + JsonValues.goQuote(name)
                  + " (and doesn't have default value)");
        }
        key.put(name, value);
      }
      return PathElement.key(key);
    }
    if (list.kind() == ListKind.SET) {
      if (item.isObject()) {
        throw new InvalidObjectException(
            listPath, "element " + index + ": associative list without keys has an element that's a map type");
      }
      if (item.isArray()) {
        throw new InvalidObjectException(
            listPath, "element " + index + ": not supported: associative list with lists as elements");
      }
      if (item.isNull()) {
        throw new InvalidObjectException(
            listPath, "element " + index + ": associative list without keys has an element that's an explicit null");
      }
      return PathElement.value(item);
    }
    return PathElement.index(index);
  }
}
