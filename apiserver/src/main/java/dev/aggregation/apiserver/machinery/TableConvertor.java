package dev.aggregation.apiserver.machinery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.registry.TableColumn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the {@code meta.k8s.io} Table kubectl asks for ({@code Accept: application/json;as=Table;g=meta.k8s.io;
 * v=v1}), like apiserver's default table convertor (pkg/registry/rest/table.go): a Name column, the kind's extra
 * columns, then Created At, with the descriptions Kubernetes takes from ObjectMeta's documentation; then the
 * handler's treatment of {@code includeObject} and {@code noHeaders}. fabric8 7.5.2 has no Table model, so the
 * result is a tree.
 */
public final class TableConvertor {
  public static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some resources may"
          + " allow a client to request the generation of an appropriate name automatically. Name is primarily"
          + " intended for creation idempotence and configuration definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  public static final String CREATION_TIMESTAMP_DESCRIPTION =
      "CreationTimestamp is a timestamp representing the server time when this object was created. It is not"
          + " guaranteed to be set in happens-before order across separate operations. Clients may not set this"
          + " value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null"
          + " for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** TableOptions.includeObject. */
  public enum IncludeObject {
    NONE("None"),
    METADATA("Metadata"),
    OBJECT("Object");

    private final String value;

    IncludeObject(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    /** Empty or absent is Metadata, the default. Unknown values are the caller's 400/422 to give. */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty()) {
        return METADATA;
      }
      for (IncludeObject candidate : values()) {
        if (candidate.value.equals(value)) {
          return candidate;
        }
      }
      throw new IllegalArgumentException("unknown includeObject " + value);
    }
  }

  /** How the client wants the table: {@code metaVersion} is {@code meta.k8s.io/v1} or {@code v1beta1}. */
  public record Options(IncludeObject includeObject, boolean noHeaders, String metaVersion) {
    public Options {
      Objects.requireNonNull(includeObject, "includeObject");
      Objects.requireNonNull(metaVersion, "metaVersion");
    }

    public static Options defaults() {
      return new Options(IncludeObject.METADATA, false, PartialObjectMetadata.META_V1);
    }
  }

  private final List<TableColumn> extraColumns;

  /** @param extraColumns the kind's columns between Name and Created At (none for sample-apiserver's kinds) */
  public TableConvertor(List<TableColumn> extraColumns) {
    this.extraColumns = List.copyOf(extraColumns);
  }

  /**
   * A table of {@code objects}.
   *
   * @param listMetadata {@code resourceVersion}, {@code continue}, {@code remainingItemCount} of the list, or of
   *     the single object ({@code resourceVersion} only); null for none
   */
  public ObjectNode convert(List<ObjectNode> objects, ObjectNode listMetadata, Options options) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", options.metaVersion());
    table.set("metadata", listMetadata == null ? Json.object() : listMetadata.deepCopy());
    if (options.noHeaders()) {
      table.putNull("columnDefinitions");
    } else {
      table.set("columnDefinitions", columnDefinitions());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      rows.add(row(object, options));
    }
    return table;
  }

  /** The table of one object, {@code metadata.resourceVersion} taken from it. */
  public ObjectNode convertOne(ObjectNode object, Options options) {
    ObjectNode listMetadata = Json.object();
    JsonNode rv = object.path("metadata").get("resourceVersion");
    if (rv != null && !rv.asText().isEmpty()) {
      listMetadata.put("resourceVersion", rv.asText());
    }
    return convert(List.of(object), listMetadata, options);
  }

  private ArrayNode columnDefinitions() {
    ArrayNode columns = Json.mapper().createArrayNode();
    columns.add(column("Name", "string", "name", NAME_DESCRIPTION, 0));
    for (TableColumn c : extraColumns) {
      columns.add(column(c.name(), c.type(), c.format() == null ? "" : c.format(), c.description(), c.priority()));
    }
    columns.add(column("Created At", "date", "", CREATION_TIMESTAMP_DESCRIPTION, 0));
    return columns;
  }

  private static ObjectNode column(String name, String type, String format, String description, int priority) {
    ObjectNode column = Json.object();
    column.put("name", name);
    column.put("type", type);
    column.put("format", format);
    column.put("description", description == null ? "" : description);
    column.put("priority", priority);
    return column;
  }

  private ObjectNode row(ObjectNode object, Options options) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    JsonNode metadata = object.path("metadata");
    cells.add(metadata.path("name").asText(""));
    for (TableColumn c : extraColumns) {
      JsonNode cell = c.cell().apply(object);
      if (cell == null) {
        cells.addNull();
      } else {
        cells.add(cell);
      }
    }
    cells.add(createdAt(metadata.path("creationTimestamp").asText("")));
    switch (options.includeObject()) {
      case NONE -> {}
      case METADATA -> row.set("object", PartialObjectMetadata.of(object, options.metaVersion()));
      case OBJECT -> row.set("object", object.deepCopy());
    }
    return row;
  }

  /** {@code creationTimestamp.UTC().Format(time.RFC3339)}; Go's zero time when unset. */
  static String createdAt(String creationTimestamp) {
    if (creationTimestamp.isEmpty()) {
      return ZERO_TIME;
    }
    try {
      Instant instant = OffsetDateTime.parse(creationTimestamp).toInstant().truncatedTo(ChronoUnit.SECONDS);
      return RFC3339.withLocale(Locale.ROOT).format(instant.atOffset(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return ZERO_TIME;
    }
  }
}
