package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.codec.ContentNegotiation;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat;
import dev.aggregation.apiserver.endpoints.codec.ResponseWriter;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ListResult;
import java.util.List;

/**
 * Renders hub objects for the client: converted to the URL's version, then shaped as the Accept header asks
 * (the object, a Table, PartialObjectMetadata) and encoded.
 */
public final class ObjectOutput {
  private final ContentNegotiation negotiation;
  private final ResponseWriter writer;
  private final TableRenderer tables;

  public ObjectOutput(ContentNegotiation negotiation, ResponseWriter writer, TableRenderer tables) {
    this.negotiation = negotiation;
    this.writer = writer;
    this.tables = tables;
  }

  ObjectNode versioned(ResourceEndpoint endpoint, ObjectNode hub) {
    return Conversions.fromHub(endpoint.strategy(), endpoint.version(), hub);
  }

  void writeObject(RestRequest request, ResourceEndpoint endpoint, int code, ObjectNode hub) {
    ResponseFormat format = negotiation.negotiate(request.accept(), false, endpoint.strategy().resource());
    ObjectNode object = versioned(endpoint, hub);
    JsonNode body = switch (format.shape()) {
      case OBJECT -> object;
      case TABLE -> tables.table(endpoint.strategy(), List.of(object), hub(hub), tableOptions(request), Meta.resourceVersion(object), null, format.metaVersion());
      case PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST -> partialObjectMetadata(object, format.metaVersion());
    };
    writer.write(request.routingContext().response(), code, body, format.encoding(), request.pretty(), request.warnings());
  }

  private static List<ObjectNode> hub(ObjectNode hub) {
    return List.of(hub);
  }

  void writeList(RestRequest request, ResourceEndpoint endpoint, ListResult result) {
    ResponseFormat format = negotiation.negotiate(request.accept(), true, endpoint.strategy().resource());
    String resourceVersion = Long.toString(result.revision());
    List<ObjectNode> items = result.items().stream().map(h -> versioned(endpoint, h)).toList();
    JsonNode body = switch (format.shape()) {
      case OBJECT -> list(endpoint, items, resourceVersion, result.continueKey(), result.remainingItemCount());
      case TABLE -> tables.table(endpoint.strategy(), items, result.items(), tableOptions(request), resourceVersion, result.continueKey(), format.metaVersion());
      case PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST -> partialObjectMetadataList(items, resourceVersion, result, format.metaVersion());
    };
    writer.write(request.routingContext().response(), 200, body, format.encoding(), request.pretty(), request.warnings());
  }

  /** A list of versioned objects, as {@code FlunderList}. */
  ObjectNode list(ResourceEndpoint endpoint, List<ObjectNode> items, String resourceVersion, String continueToken, Long remaining) {
    ObjectNode list = Json.object();
    list.put("apiVersion", endpoint.apiVersion());
    list.put("kind", endpoint.strategy().listKind());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", resourceVersion);
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    if (remaining != null) {
      meta.put("remainingItemCount", remaining);
    }
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  /** One watch event as a one-row Table; only the stream's first event carries the column definitions. */
  ObjectNode tableForWatch(ResourceEndpoint endpoint, ObjectNode versioned, ObjectNode hub, TableRenderer.Options options, String metaVersion, boolean withHeaders) {
    TableRenderer.Options eventOptions = new TableRenderer.Options(options.includeObject(), options.noHeaders() || !withHeaders);
    return tables.table(endpoint.strategy(), List.of(versioned), List.of(hub), eventOptions, Meta.resourceVersion(versioned), null, metaVersion);
  }

  /** A Table with no rows: how a bookmark travels in a Table watch. */
  ObjectNode emptyTable(ObjectNode metadata, String metaVersion) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/" + metaVersion);
    table.set("metadata", metadata);
    table.putArray("columnDefinitions");
    table.putArray("rows");
    return table;
  }

  TableRenderer.Options tableOptions(RestRequest request) {
    String include = request.query("includeObject");
    return new TableRenderer.Options(include == null || include.isEmpty() ? "Metadata" : include, request.queryFlag("noHeaders"));
  }

  static ObjectNode partialObjectMetadata(ObjectNode object, String metaVersion) {
    ObjectNode partial = Json.object();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/" + metaVersion);
    partial.set("metadata", object.get("metadata"));
    return partial;
  }

  private ObjectNode partialObjectMetadataList(List<ObjectNode> items, String resourceVersion, ListResult result, String metaVersion) {
    ObjectNode list = Json.object();
    list.put("kind", "PartialObjectMetadataList");
    list.put("apiVersion", "meta.k8s.io/" + metaVersion);
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", resourceVersion);
    if (result.continueKey() != null) {
      meta.put("continue", result.continueKey());
    }
    if (result.remainingItemCount() != null) {
      meta.put("remainingItemCount", result.remainingItemCount());
    }
    ArrayNode array = list.putArray("items");
    items.forEach(i -> array.add(partialObjectMetadata(i, metaVersion)));
    return list;
  }
}
