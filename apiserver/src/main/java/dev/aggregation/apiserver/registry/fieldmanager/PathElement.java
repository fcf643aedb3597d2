package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a field path, as structured-merge-diff's PathElement: a field of a map ({@code f:name}), an item of
 * an associative list by its key fields ({@code k:{"name":"a"}}), an item of a set by its value ({@code v:"x"}), or
 * a position ({@code i:0}, only ever produced by deduced values). Elements are ordered as SMD orders them, which is
 * the key order of {@code fieldsV1}.
 */
public sealed interface PathElement extends Comparable<PathElement>
    permits PathElement.Field, PathElement.Key, PathElement.Value, PathElement.Index {

  /** The {@code fieldsV1} key: {@code f:spec}, {@code k:{"port":80,"protocol":"TCP"}}, {@code v:"a"}, {@code i:3}. */
  String serialize();

  static Field field(String name) {
    return new Field(name);
  }

  /** An associative-list item key; the fields are sorted by name as SMD sorts them. */
  static Key key(Map<String, JsonNode> fields) {
    TreeMap<String, JsonNode> sorted = new TreeMap<>(JsonValues::compareStrings);
    sorted.putAll(fields);
    return new Key(Collections.unmodifiableMap(sorted));
  }

  static Value value(JsonNode value) {
    return new Value(value);
  }

  static Index index(int index) {
    return new Index(index);
  }

  /** Parses a {@code fieldsV1} key; unknown prefixes return null (SMD drops them, a newer format may add some). */
  static PathElement parse(String serialized) {
    if (serialized.length() < 2 || serialized.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element " + JsonValues.goQuote(serialized));
    }
    String body = serialized.substring(2);
    switch (serialized.charAt(0)) {
      case 'f':
        return field(body);
      case 'k':
        JsonNode key = readJson(body);
        if (!(key instanceof ObjectNode object)) {
          throw new IllegalArgumentException("key path element is not a JSON object: " + serialized);
        }
        Map<String, JsonNode> fields = new TreeMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return key(fields);
      case 'v':
        return value(readJson(body));
      case 'i':
        try {
          return index(Integer.parseInt(body));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid index path element " + serialized, e);
        }
      default:
        return null;
    }
  }

  private static JsonNode readJson(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON in path element: " + body, e);
    }
  }

  /** Fields sort before keys, keys before values, values before indexes; then by content. */
  @Override
  default int compareTo(PathElement other) {
    int byKind = Integer.compare(kindRank(this), kindRank(other));
    if (byKind != 0) {
      return byKind;
    }
    if (this instanceof Field a && other instanceof Field b) {
      return JsonValues.compareStrings(a.name(), b.name());
    }
    if (this instanceof Key a && other instanceof Key b) {
      return compareKeys(a, b);
    }
    if (this instanceof Value a && other instanceof Value b) {
      return JsonValues.compare(a.value(), b.value());
    }
    return Integer.compare(((Index) this).index(), ((Index) other).index());
  }

  private static int kindRank(PathElement e) {
    if (e instanceof Field) {
      return 0;
    }
    if (e instanceof Key) {
      return 1;
    }
    return e instanceof Value ? 2 : 3;
  }

  private static int compareKeys(Key a, Key b) {
    List<Map.Entry<String, JsonNode>> la = new ArrayList<>(a.fields().entrySet());
    List<Map.Entry<String, JsonNode>> lb = new ArrayList<>(b.fields().entrySet());
    for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
      int c = JsonValues.compareStrings(la.get(i).getKey(), lb.get(i).getKey());
      if (c != 0) {
        return c;
      }
      c = JsonValues.compare(la.get(i).getValue(), lb.get(i).getValue());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(la.size(), lb.size());
  }

  record Field(String name) implements PathElement {
    @Override
    public String serialize() {
      return "f:" + name;
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  record Key(Map<String, JsonNode> fields) implements PathElement {
    @Override
    public String serialize() {
      StringBuilder sb = new StringBuilder("k:{");
      boolean first = true;
      for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(JsonValues.goJson(Json.mapper().getNodeFactory().textNode(f.getKey())))
            .append(':')
            .append(JsonValues.goJson(f.getValue()));
      }
      return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
      return serialize().hashCode();
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      fields.forEach((k, v) -> parts.add(k + "=" + JsonValues.humanReadable(v)));
      return "[" + String.join(",", parts) + "]";
    }
  }

  record Value(JsonNode value) implements PathElement {
    @Override
    public String serialize() {
      return "v:" + JsonValues.goJson(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
      return serialize().hashCode();
    }

    @Override
    public String toString() {
      return "[=" + JsonValues.humanReadable(value) + "]";
    }
  }

  record Index(int index) implements PathElement {
    @Override
    public String serialize() {
      return "i:" + index;
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }
}
