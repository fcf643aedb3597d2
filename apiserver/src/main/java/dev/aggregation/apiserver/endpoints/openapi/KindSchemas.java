package dev.aggregation.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GroupVersionKind;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definitions of a kind and its list in one version: the version's schema with {@code apiVersion},
 * {@code kind} and {@code metadata} added as apiextensions-apiserver adds them to custom resources, tagged
 * with {@code x-kubernetes-group-version-kind} so that kubectl finds them.
 */
final class KindSchemas {
  static final String GVK_EXTENSION = "x-kubernetes-group-version-kind";
  private static final String CONVENTIONS = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md";
  static final String API_VERSION_DESCRIPTION =
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: "
          + CONVENTIONS + "#resources";
  static final String KIND_DESCRIPTION =
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
          + CONVENTIONS + "#types-kinds";

  private KindSchemas() {}

  static ObjectNode kind(ResourceStrategy strategy, VersionDefinition version) {
    ObjectNode schema = version.schema().deepCopy();
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : Json.object();
    properties.set("apiVersion", string(API_VERSION_DESCRIPTION));
    properties.set("kind", string(KIND_DESCRIPTION));
    properties.set(
        "metadata",
        ref(DefinitionNames.OBJECT_META, "Standard object's metadata. More info: " + CONVENTIONS + "#metadata"));
    schema.set("properties", sorted(properties));
    schema.set(GVK_EXTENSION, gvks(List.of(new GroupVersionKind(strategy.group(), version.name(), strategy.kind()))));
    return schema;
  }

  static ObjectNode list(ResourceStrategy strategy, String version) {
    ObjectNode schema = Json.object();
    schema.put("description", strategy.listKind() + " is a list of " + strategy.kind());
    schema.put("type", "object");
    schema.putArray("required").add("items");
    ObjectNode properties = schema.putObject("properties");
    properties.set("apiVersion", string(API_VERSION_DESCRIPTION));
    ObjectNode items = properties.putObject("items");
    items.put("description", "List of " + strategy.resource() + ". More info: " + CONVENTIONS);
    items.put("type", "array");
    items.set("items", ref(DefinitionNames.kind(strategy.group(), version, strategy.kind()), null));
    properties.set("kind", string(KIND_DESCRIPTION));
    properties.set("metadata", ref(DefinitionNames.LIST_META, "Standard list metadata. More info: " + CONVENTIONS + "#types-kinds"));
    schema.set(GVK_EXTENSION, gvks(List.of(new GroupVersionKind(strategy.group(), version, strategy.listKind()))));
    return schema;
  }

  /** The extension's value on a definition: a list, sorted by group, version, kind as Kubernetes sorts it. */
  static ArrayNode gvks(Collection<GroupVersionKind> gvks) {
    List<GroupVersionKind> sorted = new ArrayList<>(gvks);
    sorted.sort(
        Comparator.comparing(GroupVersionKind::group)
            .thenComparing(GroupVersionKind::version)
            .thenComparing(GroupVersionKind::kind));
    ArrayNode array = Json.mapper().createArrayNode();
    sorted.forEach(gvk -> array.add(gvk(gvk)));
    return array;
  }

  /** The extension's value on an operation: one object. */
  static ObjectNode gvk(GroupVersionKind gvk) {
    ObjectNode node = Json.object();
    node.put("group", gvk.group());
    node.put("version", gvk.version());
    node.put("kind", gvk.kind());
    return node;
  }

  static ObjectNode ref(String definition, String description) {
    ObjectNode node = Json.object();
    node.put("$ref", DefinitionNames.ref(definition));
    if (description != null) {
      node.put("description", description);
    }
    return node;
  }

  private static ObjectNode string(String description) {
    ObjectNode node = Json.object();
    node.put("description", description);
    node.put("type", "string");
    return node;
  }

  private static ObjectNode sorted(ObjectNode properties) {
    Map<String, JsonNode> byName = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      byName.put(e.getKey(), e.getValue());
    }
    ObjectNode result = Json.object();
    byName.forEach(result::set);
    return result;
  }
}
