package dev.aggregation.apiserver.endpoints.codec;

/**
 * What the client asked to receive: the object itself (as JSON or YAML), a meta.k8s.io Table, or
 * PartialObjectMetadata (single object or list).
 */
public record ResponseFormat(Shape shape, Encoding encoding, String metaVersion) {
  public enum Shape { OBJECT, TABLE, PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST }

  public enum Encoding {
    JSON("application/json"),
    YAML("application/yaml");

    private final String contentType;

    Encoding(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  public static final ResponseFormat JSON = new ResponseFormat(Shape.OBJECT, Encoding.JSON, "");
}
