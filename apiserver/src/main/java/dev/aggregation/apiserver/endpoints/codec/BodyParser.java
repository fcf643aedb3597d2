package dev.aggregation.apiserver.endpoints.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Json;
import java.io.IOException;
import java.util.List;

/**
 * Parses request bodies, JSON or YAML, into trees. Duplicate fields are an error only where the caller asks
 * (fieldValidation=Strict), as in Kubernetes; otherwise the last one wins.
 */
public final class BodyParser {
  public static final List<String> OBJECT_MEDIA_TYPES = List.of("application/json", "application/yaml");

  private final ObjectReader lenientJson =
      Json.mapper().reader().without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final ObjectReader strictJson =
      Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final YAMLMapper yaml = new YAMLMapper();

  /** A body whose bytes are not valid in the content type: the message says why. */
  public static final class MalformedBody extends RuntimeException {
    public MalformedBody(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A duplicate field under fieldValidation=Strict. */
  public static final class DuplicateField extends RuntimeException {
    public DuplicateField(String message) {
      super(message);
    }
  }

  public JsonNode parse(byte[] body, String contentType, boolean strictDuplicates) {
    String essence = essence(contentType);
    try {
      if (isYaml(essence)) {
        return yaml.readTree(body);
      }
      return (strictDuplicates ? strictJson : lenientJson).readTree(body);
    } catch (JsonParseException e) {
      if (strictDuplicates && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
        String field = e.getOriginalMessage().replaceFirst("Duplicate field '([^']*)'.*", "$1");
        throw new DuplicateField("duplicate field \"" + fieldPath(e, field) + "\"");
      }
      throw new MalformedBody(describe(e), e);
    } catch (IOException e) {
      throw new MalformedBody(describe(e), e);
    }
  }

  /** The duplicate's path from the document root, as Kubernetes' strict decoder names it: {@code spec.ports[0].name}. */
  private static String fieldPath(JsonParseException e, String field) {
    JsonParser parser = e.getProcessor();
    if (parser == null) {
      return field;
    }
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    // the innermost context is the object holding the duplicate; its ancestors name the way to it
    for (JsonStreamContext context = parser.getParsingContext().getParent(); context != null && !context.inRoot(); context = context.getParent()) {
      parts.addFirst(context.inArray() ? "[" + context.getCurrentIndex() + "]" : "." + context.getCurrentName());
    }
    String path = String.join("", parts) + "." + field;
    return path.substring(1);
  }

  private static String describe(IOException e) {
    String message = e instanceof JsonParseException p && p.getOriginalMessage() != null ? p.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  public static String essence(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "application/json";
    }
    try {
      return MediaType.parse(contentType).essence();
    } catch (IllegalArgumentException e) {
      throw ApiErrors.unsupportedMediaType(contentType, OBJECT_MEDIA_TYPES);
    }
  }

  public static boolean isYaml(String essence) {
    return essence.equals("application/yaml") || essence.equals("application/x-yaml") || essence.equals("text/yaml")
        || essence.equals("application/apply-patch+yaml");
  }
}
