package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListKind;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.ListType;
import dev.aggregation.apiserver.registry.fieldmanager.TypeNode.MapType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each part of a kind's objects merges: built from the version's OpenAPI v3 structural schema with the
 * Kubernetes extensions ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
 * {@code x-kubernetes-map-type}), plus {@code apiVersion}, {@code kind} and ObjectMeta's own rules, which the
 * engine adds to every kind. Lists without a list type are atomic, as in CRDs; fields the schema does not declare
 * are deduced from their values. Immutable; build once per served version.
 */
public final class MergeSchema {
  private final MapType root;

  private MergeSchema(MapType root) {
    this.root = root;
  }

  /** From {@code VersionDefinition.schema()}: {@code type: object} with {@code properties}. */
  public static MergeSchema fromOpenApi(JsonNode objectSchema) {
    TypeNode converted = convert(objectSchema);
    Map<String, TypeNode> fields = new LinkedHashMap<>();
    TypeNode elementType = TypeNode.DEDUCED;
    if (converted instanceof MapType map) {
      fields.putAll(map.fields());
      elementType = map.elementType();
    }
    fields.put("apiVersion", TypeNode.SCALAR);
    fields.put("kind", TypeNode.SCALAR);
    fields.put("metadata", objectMeta());
    return new MergeSchema(new MapType(fields, elementType, false));
  }

  /** For kinds without a schema: every field deduced from its value, metadata still by ObjectMeta's rules. */
  public static MergeSchema deduced() {
    return fromOpenApi(null);
  }

  MapType root() {
    return root;
  }

  /** The type at {@code path}, or null when the path leaves the schema (a deduced part, or not a path of it). */
  public TypeNode typeAt(FieldPath path) {
    TypeNode node = root;
    for (PathElement pe : path.elements()) {
      if (node instanceof MapType map && pe instanceof PathElement.Field f) {
        node = map.fieldType(f.name());
      } else if (node instanceof ListType list && !(pe instanceof PathElement.Field)) {
        node = list.elementType();
      } else {
        return null;
      }
    }
    return node;
  }

  private static TypeNode convert(JsonNode s) {
    if (s == null || !s.isObject()) {
      return TypeNode.DEDUCED;
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return TypeNode.SCALAR;
    }
    String type = s.path("type").asText("");
    if (type.equals("array") || (type.isEmpty() && s.has("items"))) {
      ListKind kind = listKind(s.path("x-kubernetes-list-type").asText("atomic"));
      List<String> keys = new ArrayList<>();
      s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
      if (kind == ListKind.MAP && keys.isEmpty()) {
        throw new IllegalArgumentException("x-kubernetes-list-type: map requires x-kubernetes-list-map-keys");
      }
      return new ListType(kind, kind == ListKind.MAP ? keys : List.of(), convert(s.get("items")));
    }
    if (type.equals("object") || s.has("properties") || s.has("additionalProperties")) {
      Map<String, TypeNode> fields = new HashMap<>();
      s.path("properties").fields().forEachRemaining(e -> fields.put(e.getKey(), convert(e.getValue())));
      JsonNode additional = s.get("additionalProperties");
      TypeNode elementType = additional != null && additional.isObject() ? convert(additional) : TypeNode.DEDUCED;
      if (s.path("x-kubernetes-embedded-resource").asBoolean(false)) {
        fields.putIfAbsent("apiVersion", TypeNode.SCALAR);
        fields.putIfAbsent("kind", TypeNode.SCALAR);
        fields.put("metadata", objectMeta());
      }
      boolean atomic = s.path("x-kubernetes-map-type").asText("granular").equals("atomic");
      return new MapType(fields, elementType, atomic);
    }
    if (type.equals("string") || type.equals("integer") || type.equals("number") || type.equals("boolean")) {
      return TypeNode.SCALAR;
    }
    return TypeNode.DEDUCED;
  }

  private static ListKind listKind(String value) {
    switch (value) {
      case "set":
        return ListKind.SET;
      case "map":
        return ListKind.MAP;
      case "atomic":
        return ListKind.ATOMIC;
      default:
        throw new IllegalArgumentException("unknown x-kubernetes-list-type " + JsonValues.goQuote(value));
    }
  }

  /** ObjectMeta's merge markers (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
  private static MapType objectMeta() {
    Map<String, TypeNode> ownerReference = new HashMap<>();
    for (String f : List.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion")) {
      ownerReference.put(f, TypeNode.SCALAR);
    }
    Map<String, TypeNode> fields = new HashMap<>();
    for (String f :
        List.of(
            "name",
            "generateName",
            "namespace",
            "selfLink",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds")) {
      fields.put(f, TypeNode.SCALAR);
    }
    MapType stringMap = new MapType(Map.of(), TypeNode.SCALAR, false);
    fields.put("labels", stringMap);
    fields.put("annotations", stringMap);
    fields.put(
        "ownerReferences",
        new ListType(ListKind.MAP, List.of("uid"), new MapType(ownerReference, TypeNode.DEDUCED, false)));
    fields.put("finalizers", new ListType(ListKind.SET, List.of(), TypeNode.SCALAR));
    fields.put("managedFields", new ListType(ListKind.ATOMIC, List.of(), TypeNode.DEDUCED));
    return new MapType(fields, TypeNode.DEDUCED, false);
  }
}
