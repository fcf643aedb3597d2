package dev.aggregation.apiserver.endpoints.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes a request body into an object of the URL's group, version and kind, as Kubernetes' typed decoding
 * does: apiVersion and kind default to the URL's and must agree with it; unknown fields are dropped, and
 * reported or refused as fieldValidation says; values of the wrong type are a 400.
 */
public final class ObjectDecoder {
  private final BodyParser parser = new BodyParser();
  private final SchemaPruner pruner = new SchemaPruner();
  /**
   * Each version's schema, taken once: {@link VersionDefinition#schema()} hands out a fresh copy per call (callers
   * may change theirs) and the pruner only reads it. Versions are fixed when the server starts.
   */
  private final Map<VersionDefinition, ObjectNode> schemas = new ConcurrentHashMap<>();

  /** A decoded object and the warnings to send with the response. */
  public record Decoded(ObjectNode object, List<String> warnings) {}

  public Decoded decode(byte[] body, String contentType, ResourceStrategy strategy, VersionDefinition version, FieldValidation validation) {
    String essence = BodyParser.essence(contentType);
    if (!essence.equals("application/json") && !BodyParser.isYaml(essence)) {
      throw ApiErrors.unsupportedMediaType(contentType, BodyParser.OBJECT_MEDIA_TYPES);
    }
    BodyParser.Parsed parsed;
    try {
      parsed = parser.parseNotingDuplicates(body, contentType, validation == FieldValidation.STRICT);
    } catch (BodyParser.DuplicateField e) {
      throw strictDecodingError(strategy, version, e.getMessage());
    } catch (BodyParser.MalformedBody e) {
      throw ApiErrors.badRequest("couldn't get version/kind; json parse error: " + e.getMessage());
    }
    JsonNode tree = parsed.tree();
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw ApiErrors.badRequest("Object 'Kind' is missing in '" + new String(body, java.nio.charset.StandardCharsets.UTF_8).trim() + "'");
    }
    if (!(tree instanceof ObjectNode object)) {
      throw ApiErrors.badRequest("couldn't get version/kind; json parse error: expected a JSON object, got " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    Decoded decoded;
    try {
      decoded = decodeTree(object, strategy, version, validation);
    } catch (UnknownFields e) {
      throw strictDecodingError(strategy, version, e.errors);
    }
    if (validation == FieldValidation.WARN) {
      // duplicates are only seen in the bytes: a warning each, before those of unknown fields
      List<String> warnings = new ArrayList<>();
      parsed.duplicates().forEach(f -> warnings.add("duplicate field \"" + f + "\""));
      warnings.addAll(decoded.warnings());
      return new Decoded(decoded.object(), warnings);
    }
    return decoded;
  }

  /**
   * A body refused by strict decoding: the create and update handlers answer it as transformDecodeError does,
   * {@code Flunder in version "v1alpha1" cannot be handled as a Flunder: strict decoding error: ...}.
   */
  private static ApiException strictDecodingError(ResourceStrategy strategy, VersionDefinition version, String errors) {
    return ApiErrors.badRequest(
        strategy.kind() + " in version \"" + version.name() + "\" cannot be handled as a " + strategy.kind() + ": strict decoding error: " + errors);
  }

  /** Unknown fields under fieldValidation=Strict; a patch answers it as a plain 400, a body as a decode error. */
  private static final class UnknownFields extends ApiException {
    private final String errors;

    UnknownFields(String errors) {
      super(ApiErrors.badRequest("strict decoding error: " + errors).status());
      this.errors = errors;
    }
  }

  /** Checks and prunes an already parsed object (a patched one, for instance). */
  public Decoded decodeTree(ObjectNode object, ResourceStrategy strategy, VersionDefinition version, FieldValidation validation) {
    String expectedApiVersion = strategy.group() + "/" + version.name();
    JsonNode apiVersion = object.get("apiVersion");
    JsonNode kind = object.get("kind");
    if (apiVersion == null || apiVersion.isNull() || apiVersion.asText().isEmpty()) {
      object.put("apiVersion", expectedApiVersion);
    } else if (!apiVersion.isTextual() || !apiVersion.asText().equals(expectedApiVersion)) {
      throw ApiErrors.badRequest(
          "the API version in the data (" + apiVersion.asText() + ") does not match the expected API version (" + expectedApiVersion + ")");
    }
    if (kind == null || kind.isNull() || kind.asText().isEmpty()) {
      object.put("kind", strategy.kind());
    } else if (!kind.isTextual() || !kind.asText().equals(strategy.kind())) {
      throw ApiErrors.badRequest(
          kind.asText() + " in version \"" + version.name() + "\" cannot be handled as a " + strategy.kind()
              + ": the kind in the data (" + kind.asText() + ") does not match the expected kind (" + strategy.kind() + ")");
    }
    List<String> unknown;
    try {
      unknown = pruner.prune(object, schemas.computeIfAbsent(version, VersionDefinition::schema));
      checkMetadataTypes(object);
    } catch (SchemaPruner.TypeMismatch e) {
      throw cannotBeHandled(strategy, version, e.getMessage());
    }
    List<String> warnings = new ArrayList<>();
    if (!unknown.isEmpty()) {
      switch (validation) {
        case STRICT -> throw new UnknownFields(String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        case WARN -> unknown.forEach(f -> warnings.add("unknown field \"" + f + "\""));
        case IGNORE -> {
          // dropped silently, as asked
        }
      }
    }
    return new Decoded(object, warnings);
  }

  private static void checkMetadataTypes(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata == null || metadata.isNull() || plainlyTyped(metadata)) {
      return;
    }
    try {
      Json.mapper().treeToValue(metadata, ObjectMeta.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
      throw new SchemaPruner.TypeMismatch("cannot unmarshal metadata: " + firstLine(detail));
    }
  }

  private static final Set<String> STRING_META_FIELDS =
      Set.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp");

  /**
   * Whether binding {@code metadata} to ObjectMeta certainly succeeds, seen without binding it: only string
   * fields holding strings, and labels and annotations holding strings. Anything else (numbers, lists, owner
   * references, managed fields) is bound, and a failure reported with the binder's own words.
   */
  private static boolean plainlyTyped(JsonNode metadata) {
    if (!(metadata instanceof ObjectNode meta)) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = meta.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      boolean plain = switch (field.getKey()) {
        case "labels", "annotations" -> stringMap(value);
        default -> STRING_META_FIELDS.contains(field.getKey()) && value.isTextual();
      };
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean stringMap(JsonNode value) {
    if (!value.isObject()) {
      return false;
    }
    for (JsonNode entry : value) {
      if (!entry.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse(s);
  }

  private static ApiException cannotBeHandled(ResourceStrategy strategy, VersionDefinition version, String why) {
    return ApiErrors.badRequest(strategy.kind() + " in version \"" + version.name() + "\" cannot be handled as a " + strategy.kind() + ": json: " + why);
  }
}
