package dev.aggregation.apiserver.endpoints.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import java.util.Comparator;
import java.util.List;

/**
 * The aggregated discovery document {@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList} that
 * kube-aggregator and client-go ask {@code /apis} for, encoded once with its ETag (upper-case hex SHA-512
 * of the body, as k8s.io/apiserver endpoints/discovery/aggregated computes it). fabric8 has no model of
 * this group, hence the tree.
 */
public final class AggregatedDiscovery {
  public static final String GROUP = "apidiscovery.k8s.io";
  public static final String VERSION = "v2";
  public static final String KIND = "APIGroupDiscoveryList";
  /** The media type of the response, parameters in the order client-go sends them. */
  public static final String CONTENT_TYPE = "application/json;g=" + GROUP + ";v=" + VERSION + ";as=" + KIND;

  private final byte[] body;
  private final String etag;

  public AggregatedDiscovery(List<ApiGroup> groups) {
    this.body = Json.bytes(document(groups));
    this.etag = Responses.sha512Hex(body);
  }

  public byte[] body() {
    return body.clone();
  }

  /** The unquoted entity tag. */
  public String etag() {
    return etag;
  }

  static ObjectNode document(List<ApiGroup> groups) {
    ObjectNode list = Json.object();
    list.put("kind", KIND);
    list.put("apiVersion", GROUP + "/" + VERSION);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    for (ApiGroup group : groups) {
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group.name());
      ArrayNode versions = item.putArray("versions");
      for (String version : group.versionsByPreference()) {
        ObjectNode v = versions.addObject();
        v.put("version", version);
        ArrayNode resources = v.putArray("resources");
        group.resourcesIn(version).stream()
            .sorted(Comparator.comparing(ResourceStrategy::resource))
            .forEach(strategy -> resources.add(resource(strategy, version)));
        v.put("freshness", "Current");
      }
    }
    return list;
  }

  private static ObjectNode resource(ResourceStrategy strategy, String version) {
    ObjectNode resource = Json.object();
    resource.put("resource", strategy.resource());
    resource.set("responseKind", responseKind(strategy, version));
    resource.put("scope", strategy.namespaced() ? "Namespaced" : "Cluster");
    resource.put("singularResource", strategy.singular());
    strings(resource.putArray("verbs"), Verbs.RESOURCE);
    if (!strategy.shortNames().isEmpty()) {
      strings(resource.putArray("shortNames"), strategy.shortNames());
    }
    if (!strategy.categories().isEmpty()) {
      strings(resource.putArray("categories"), strategy.categories());
    }
    if (strategy.hasStatusSubresource()) {
      ObjectNode status = resource.putArray("subresources").addObject();
      status.put("subresource", "status");
      status.set("responseKind", responseKind(strategy, version));
      strings(status.putArray("verbs"), Verbs.STATUS);
    }
    return resource;
  }

  private static ObjectNode responseKind(ResourceStrategy strategy, String version) {
    ObjectNode kind = Json.object();
    kind.put("group", strategy.group());
    kind.put("version", version);
    kind.put("kind", strategy.kind());
    return kind;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
