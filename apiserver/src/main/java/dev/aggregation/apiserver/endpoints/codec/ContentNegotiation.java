package dev.aggregation.apiserver.endpoints.codec;

import dev.aggregation.apiserver.endpoints.AcceptHeader;
import dev.aggregation.apiserver.endpoints.MediaRange;
import dev.aggregation.apiserver.machinery.ApiErrors;
import java.util.List;
import java.util.Set;

/**
 * Chooses the response format from the Accept header as k8s.io/apiserver's negotiation does: the first range
 * the server can produce wins; {@code as=Table|PartialObjectMetadata|PartialObjectMetadataList} with
 * {@code g=meta.k8s.io} and {@code v=v1|v1beta1} ask for a transformed object; nothing acceptable is a 406.
 */
public final class ContentNegotiation {
  private static final Set<String> META_VERSIONS = Set.of("v1", "v1beta1");

  /**
   * @param list whether the response is a collection (PartialObjectMetadataList is only for lists and
   *     PartialObjectMetadata only for single objects)
   * @param resource for the 406 message
   */
  public ResponseFormat negotiate(String accept, boolean list, String resource) {
    List<MediaRange> ranges = AcceptHeader.parse(accept);
    for (MediaRange range : ranges) {
      ResponseFormat.Encoding encoding = encoding(range);
      if (encoding == null) {
        continue;
      }
      String as = range.parameter("as");
      if (as == null) {
        if (range.parameter("g") == null && range.parameter("v") == null) {
          return new ResponseFormat(ResponseFormat.Shape.OBJECT, encoding, "");
        }
        continue;
      }
      if (!"meta.k8s.io".equals(range.parameter("g")) || !META_VERSIONS.contains(range.parameter("v"))) {
        continue;
      }
      String version = range.parameter("v");
      switch (as) {
        case "Table" -> {
          return new ResponseFormat(ResponseFormat.Shape.TABLE, encoding, version);
        }
        case "PartialObjectMetadata" -> {
          if (!list) {
            return new ResponseFormat(ResponseFormat.Shape.PARTIAL_OBJECT_METADATA, encoding, version);
          }
        }
        case "PartialObjectMetadataList" -> {
          if (list) {
            return new ResponseFormat(ResponseFormat.Shape.PARTIAL_OBJECT_METADATA_LIST, encoding, version);
          }
        }
        default -> {
          // an unknown transformation: try the next range
        }
      }
    }
    String asked = ranges.isEmpty() ? null : ranges.get(0).parameter("as");
    if (asked != null) {
      throw ApiErrors.notAcceptable(
          "the resource " + resource + " does not support being converted to a " + asked);
    }
    throw ApiErrors.notAcceptable(
        "only the following media types are accepted: application/json, application/yaml");
  }

  /** Watch streams: JSON only (protobuf is not served), Table events allowed. */
  public ResponseFormat negotiateWatch(String accept, String resource) {
    ResponseFormat format = negotiate(accept, false, resource);
    if (format.encoding() != ResponseFormat.Encoding.JSON && !acceptsJson(accept)) {
      throw ApiErrors.notAcceptable("only the following media types are accepted: application/json");
    }
    return new ResponseFormat(format.shape(), ResponseFormat.Encoding.JSON, format.metaVersion());
  }

  private static boolean acceptsJson(String accept) {
    return AcceptHeader.parse(accept).stream().anyMatch(m -> m.admits("application", "json"));
  }

  private static ResponseFormat.Encoding encoding(MediaRange range) {
    if (range.type().equals("*") && range.subtype().equals("*")) {
      return ResponseFormat.Encoding.JSON;
    }
    if (range.admits("application", "json")) {
      return ResponseFormat.Encoding.JSON;
    }
    if (range.essence().equals("application/yaml") || range.essence().equals("application/x-yaml") || range.essence().equals("text/yaml")) {
      return ResponseFormat.Encoding.YAML;
    }
    return null;
  }
}
