package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a hub Fischer: the Flunder names it disallows, at the top level of the object as in the
 * sample's {@code wardle.Fischer.DisallowedFlunders} (Fischer has no spec).
 */
public record DisallowedFlunders(List<String> names) {
  public static final String FIELD = "disallowedFlunders";

  public DisallowedFlunders {
    names = List.copyOf(names);
  }

  /** Reads a hub Fischer (built by a {@code toHub} conversion, so the types are known good). */
  public static DisallowedFlunders of(ObjectNode hubFischer) {
    JsonNode list = hubFischer.get(FIELD);
    List<String> names = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode name : list) {
        names.add(name.isTextual() ? name.textValue() : "");
      }
    }
    return new DisallowedFlunders(names);
  }

  public boolean contains(String flunderName) {
    return names.contains(flunderName);
  }

  /** Writes the list into {@code hubFischer}; an empty list is omitted, as Go's {@code omitempty} does. */
  public ObjectNode writeTo(ObjectNode hubFischer) {
    if (names.isEmpty()) {
      hubFischer.remove(FIELD);
    } else {
      ArrayNode list = hubFischer.putArray(FIELD);
      names.forEach(list::add);
    }
    return hubFischer;
  }
}
