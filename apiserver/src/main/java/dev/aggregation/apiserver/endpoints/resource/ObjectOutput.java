package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.audit.AuditContext;
import dev.aggregation.apiserver.endpoints.codec.ContentNegotiation;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat;
import dev.aggregation.apiserver.endpoints.codec.ResponseWriter;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.machinery.PartialObjectMetadata;
import dev.aggregation.apiserver.machinery.TableConvertor;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ListResult;
import dev.aggregation.apiserver.registry.StoredObject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders hub objects for the client: converted to the URL's version, then shaped as the Accept header asks
 * (the object, a Table, PartialObjectMetadata) and encoded.
 */
public final class ObjectOutput {
  private static final byte[] EMPTY_ARRAY_END = "[]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = {','};

  private final ContentNegotiation negotiation;
  private final ResponseWriter writer;
  private final RenderedObjects rendered;

  public ObjectOutput(ContentNegotiation negotiation, ResponseWriter writer) {
    this(negotiation, writer, RenderedObjects.DEFAULT_MAX_BYTES);
  }

  /** @param renderedBytes how many bytes of rendered objects to keep for later reads of the same revisions */
  public ObjectOutput(ContentNegotiation negotiation, ResponseWriter writer, long renderedBytes) {
    this.negotiation = negotiation;
    this.writer = writer;
    this.rendered = new RenderedObjects(renderedBytes);
  }

  ObjectNode versioned(ResourceEndpoint endpoint, ObjectNode hub) {
    return Conversions.fromHub(endpoint.strategy(), endpoint.version(), hub);
  }

  void writeObject(RestRequest request, ResourceEndpoint endpoint, int code, ObjectNode hub) {
    writeObject(request, endpoint, code, hub, negotiation.negotiate(request.accept(), false, endpoint.strategy().resource()));
  }

  /** An object as read from the store: from its rendering for an earlier read of the same revision when possible. */
  void writeStored(RestRequest request, ResourceEndpoint endpoint, int code, StoredObject stored) {
    ResponseFormat format = negotiation.negotiate(request.accept(), false, endpoint.strategy().resource());
    if (!fromRenderings(request, format)) {
      writeObject(request, endpoint, code, stored.hub(), format);
      return;
    }
    Buffer body = switch (format.shape()) {
      case OBJECT -> Buffer.buffer(objectBytes(endpoint, stored, objectRendering(endpoint)));
      case TABLE -> {
        TableConvertor.Options options = tableOptions(request, format);
        yield spliced(Json.bytes(table(endpoint, List.of(), List.of(), listMeta(Long.toString(stored.revision()), null, null), options)),
            List.of(rowBytes(endpoint, stored, options, rowRendering(endpoint, options))));
      }
      default -> throw new IllegalStateException("not rendered: " + format.shape());
    };
    writer.writeEncoded(request.routingContext().response(), code, body, format.encoding(), request.warnings());
  }

  private void writeObject(RestRequest request, ResourceEndpoint endpoint, int code, ObjectNode hub, ResponseFormat format) {
    ObjectNode object = versioned(endpoint, hub);
    JsonNode body = switch (format.shape()) {
      case OBJECT -> object;
      case TABLE -> table(endpoint, List.of(object), List.of(hub), listMeta(Meta.resourceVersion(object), null, null), tableOptions(request, format));
      case PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST -> partialObjectMetadata(object, format.metaVersion());
    };
    AuditContext.logResponseObject(request.routingContext(), body);
    writer.write(request.routingContext().response(), code, body, format.encoding(), request.pretty(), request.warnings());
  }

  void writeList(RestRequest request, ResourceEndpoint endpoint, ListResult result) {
    ResponseFormat format = negotiation.negotiate(request.accept(), true, endpoint.strategy().resource());
    String resourceVersion = Long.toString(result.revision());
    if (fromRenderings(request, format)) {
      Buffer body = switch (format.shape()) {
        case OBJECT -> {
          String rendering = objectRendering(endpoint);
          yield spliced(Json.bytes(list(endpoint, List.of(), resourceVersion, result.continueKey(), result.remainingItemCount())),
              result.objects().stream().map(o -> objectBytes(endpoint, o, rendering)).toList());
        }
        case TABLE -> {
          TableConvertor.Options options = tableOptions(request, format);
          String rendering = rowRendering(endpoint, options);
          yield spliced(Json.bytes(table(endpoint, List.of(), List.of(), listMeta(resourceVersion, result.continueKey(), result.remainingItemCount()), options)),
              result.objects().stream().map(o -> rowBytes(endpoint, o, options, rendering)).toList());
        }
        default -> throw new IllegalStateException("not rendered: " + format.shape());
      };
      writer.writeEncoded(request.routingContext().response(), 200, body, format.encoding(), request.warnings());
      return;
    }
    List<ObjectNode> items = result.items().stream().map(h -> versioned(endpoint, h)).toList();
    JsonNode body = switch (format.shape()) {
      case OBJECT -> list(endpoint, items, resourceVersion, result.continueKey(), result.remainingItemCount());
      case TABLE -> table(endpoint, items, result.items(), listMeta(resourceVersion, result.continueKey(), result.remainingItemCount()), tableOptions(request, format));
      case PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST -> partialObjectMetadataList(items, resourceVersion, result, format.metaVersion());
    };
    AuditContext.logResponseObject(request.routingContext(), body);
    writer.write(request.routingContext().response(), 200, body, format.encoding(), request.pretty(), request.warnings());
  }

  /**
   * Whether the response can be put together from renderings of single objects: compact JSON objects and
   * Tables, when the audit event does not keep the response object (which it needs as a tree).
   */
  private static boolean fromRenderings(RestRequest request, ResponseFormat format) {
    return format.encoding() == ResponseFormat.Encoding.JSON
        && !request.pretty()
        && (format.shape() == ResponseFormat.Shape.OBJECT || format.shape() == ResponseFormat.Shape.TABLE)
        && !AuditContext.recordsResponseObject(request.routingContext());
  }

  /** The name of {@link #objectBytes}'s rendering, made once per response rather than once per object. */
  private static String objectRendering(ResourceEndpoint endpoint) {
    return "object " + endpoint.apiVersion();
  }

  /** The object in the endpoint's version, encoded as {@link ResponseWriter#encode} would. */
  private byte[] objectBytes(ResourceEndpoint endpoint, StoredObject stored, String rendering) {
    return rendered.get(stored, rendering, () -> Json.bytes(versioned(endpoint, stored.hub())));
  }

  private static String rowRendering(ResourceEndpoint endpoint, TableConvertor.Options options) {
    return "row " + endpoint.apiVersion() + " " + options.includeObject().value() + " " + options.metaVersion();
  }

  /** The object's Table row: cells from the hub, the row object (includeObject) in the endpoint's version. */
  private byte[] rowBytes(ResourceEndpoint endpoint, StoredObject stored, TableConvertor.Options options, String rendering) {
    return rendered.get(stored, rendering, () -> {
      ObjectNode hub = stored.hub();
      ObjectNode table = table(endpoint, List.of(versioned(endpoint, hub)), List.of(hub), null, options);
      return Json.bytes(table.get("rows").get(0));
    });
  }

  /**
   * An encoded list or Table whose last field is an empty array ({@code items}, {@code rows}), with
   * {@code elements} put into that array: the same bytes as encoding the whole tree. The body wraps the
   * renderings rather than copying them (they are never changed once made).
   */
  private static Buffer spliced(byte[] emptyEnvelope, List<byte[]> elements) {
    int prefix = emptyEnvelope.length - EMPTY_ARRAY_END.length;
    if (prefix < 0 || !Arrays.equals(emptyEnvelope, prefix, emptyEnvelope.length, EMPTY_ARRAY_END, 0, EMPTY_ARRAY_END.length)) {
      throw new IllegalStateException("the envelope does not end with an empty array: " + new String(emptyEnvelope, StandardCharsets.UTF_8));
    }
    List<ByteBuf> parts = new ArrayList<>(2 * elements.size() + 2);
    parts.add(Unpooled.wrappedBuffer(emptyEnvelope, 0, prefix + 1));
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        parts.add(Unpooled.wrappedBuffer(COMMA));
      }
      parts.add(Unpooled.wrappedBuffer(elements.get(i)));
    }
    parts.add(Unpooled.wrappedBuffer(EMPTY_ARRAY_END, 1, 2));
    return Buffer.buffer(Unpooled.wrappedBuffer(parts.size(), parts.toArray(ByteBuf[]::new)));
  }

  /** A list of versioned objects, as {@code FlunderList}. */
  ObjectNode list(ResourceEndpoint endpoint, List<ObjectNode> items, String resourceVersion, String continueToken, Long remaining) {
    ObjectNode list = Json.object();
    list.put("apiVersion", endpoint.apiVersion());
    list.put("kind", endpoint.strategy().listKind());
    list.set("metadata", listMeta(resourceVersion, continueToken, remaining));
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  private static ObjectNode listMeta(String resourceVersion, String continueToken, Long remaining) {
    ObjectNode meta = Json.object();
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    if (remaining != null) {
      meta.put("remainingItemCount", remaining);
    }
    return meta;
  }

  /**
   * A Table of objects: cells of the kind's extra columns come from the hub objects, the row objects (for
   * includeObject) are the versioned ones.
   */
  private static ObjectNode table(ResourceEndpoint endpoint, List<ObjectNode> versioned, List<ObjectNode> hubs, ObjectNode listMeta, TableConvertor.Options options) {
    ObjectNode table = new TableConvertor(endpoint.strategy().tableColumns()).convert(hubs, listMeta, options);
    if (options.includeObject() != TableConvertor.IncludeObject.NONE) {
      ArrayNode rows = (ArrayNode) table.get("rows");
      for (int i = 0; i < rows.size(); i++) {
        ObjectNode row = (ObjectNode) rows.get(i);
        row.set("object", options.includeObject() == TableConvertor.IncludeObject.OBJECT
            ? versioned.get(i)
            : partialObjectMetadata(versioned.get(i), options.metaVersion().substring("meta.k8s.io/".length())));
      }
    }
    return table;
  }

  /** One watch event as a one-row Table; only the stream's first event carries the column definitions. */
  ObjectNode tableForWatch(ResourceEndpoint endpoint, ObjectNode versioned, ObjectNode hub, TableConvertor.Options options, boolean withHeaders) {
    TableConvertor.Options eventOptions = new TableConvertor.Options(options.includeObject(), options.noHeaders() || !withHeaders, options.metaVersion());
    return table(endpoint, List.of(versioned), List.of(hub), listMeta(Meta.resourceVersion(versioned), null, null), eventOptions);
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

  TableConvertor.Options tableOptions(RestRequest request, ResponseFormat format) {
    TableConvertor.IncludeObject include;
    try {
      include = TableConvertor.IncludeObject.parse(request.query("includeObject"));
    } catch (IllegalArgumentException e) {
      throw dev.aggregation.apiserver.machinery.ApiErrors.badRequest(e.getMessage());
    }
    return new TableConvertor.Options(include, request.queryFlag("noHeaders"), "meta.k8s.io/" + format.metaVersion());
  }

  static ObjectNode partialObjectMetadata(ObjectNode object, String metaVersion) {
    return PartialObjectMetadata.of(object, "meta.k8s.io/" + metaVersion);
  }

  private static ObjectNode partialObjectMetadataList(List<ObjectNode> items, String resourceVersion, ListResult result, String metaVersion) {
    return PartialObjectMetadata.list(items, listMeta(resourceVersion, result.continueKey(), result.remainingItemCount()), "meta.k8s.io/" + metaVersion);
  }
}
