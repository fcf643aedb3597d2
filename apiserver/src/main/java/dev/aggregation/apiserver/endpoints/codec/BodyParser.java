package dev.aggregation.apiserver.endpoints.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.endpoints.MediaRange;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses request bodies, JSON or YAML, into trees. Duplicate fields are an error only where the caller asks
 * (fieldValidation=Strict), as in Kubernetes; otherwise the last one wins.
 */
public final class BodyParser {
  public static final List<String> OBJECT_MEDIA_TYPES = List.of("application/json", "application/yaml");

  /**
   * Reads JSON keeping the last of duplicate fields. The shared mapper refuses duplicates in its factory, which a
   * reader's feature override does not undo, so this one has a factory of its own.
   */
  private final ObjectMapper lenientJson = lenient(Json.mapper());
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

  /** A parsed body and the paths of the fields it repeats (see {@link #duplicateFields}). */
  public record Parsed(JsonNode tree, List<String> duplicates) {}

  /**
   * {@link #parse} that also names the duplicate fields, in one pass over the bytes when there are none (nearly
   * always): the shared mapper refuses duplicates, so a body it reads has none, and only a body it refuses is
   * read again leniently and scanned for them. With {@code strictDuplicates} duplicates throw as in
   * {@link #parse}.
   */
  public Parsed parseNotingDuplicates(byte[] body, String contentType, boolean strictDuplicates) {
    if (isYaml(essence(contentType))) {
      return new Parsed(parse(body, contentType, false), List.of());
    }
    try {
      return new Parsed(Json.mapper().readTree(body), List.of());
    } catch (IOException refused) {
      // malformed, or a duplicate: the lenient path tells which, with its own messages
      JsonNode tree = parse(body, contentType, strictDuplicates);
      return new Parsed(tree, strictDuplicates ? List.of() : duplicateFields(body, contentType));
    }
  }

  /**
   * Parses a body; with {@code strictDuplicates} a duplicate field is an error naming every duplicate by its
   * path, as Kubernetes' strict decoding does, otherwise the last one wins.
   */
  public JsonNode parse(byte[] body, String contentType, boolean strictDuplicates) {
    String essence = essence(contentType);
    JsonNode tree;
    try {
      tree = isYaml(essence) ? yaml.readTree(body) : lenientJson.readTree(body);
    } catch (IOException e) {
      throw new MalformedBody(describe(e), e);
    }
    if (strictDuplicates) {
      List<String> duplicates = duplicateFields(body, contentType);
      if (!duplicates.isEmpty()) {
        throw new DuplicateField(String.join(", ", duplicates.stream().map(f -> "duplicate field \"" + f + "\"").toList()));
      }
    }
    return tree;
  }

  /**
   * The paths of the fields a JSON body repeats within one object ({@code spec.items[0].name}), in document
   * order; none for YAML, whose parser keeps the last.
   */
  public List<String> duplicateFields(byte[] body, String contentType) {
    if (isYaml(essence(contentType))) {
      return List.of();
    }
    List<String> duplicates = new ArrayList<>();
    try (JsonParser p = lenientJson.getFactory().createParser(body)) {
      if (p.nextToken() != null) {
        collectDuplicates(p, "", duplicates);
      }
    } catch (IOException e) {
      throw new MalformedBody(describe(e), e);
    }
    return duplicates;
  }

  private static void collectDuplicates(JsonParser p, String path, List<String> duplicates) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        String child = path.isEmpty() ? name : path + "." + name;
        if (!seen.add(name)) {
          duplicates.add(child);
        }
        p.nextToken();
        collectDuplicates(p, child, duplicates);
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      int index = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        collectDuplicates(p, path + "[" + index++ + "]", duplicates);
      }
    }
  }

  private static ObjectMapper lenient(ObjectMapper shared) {
    ObjectMapper copy = shared.copy();
    copy.getFactory().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return copy;
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
      return MediaRange.parse(contentType).essence();
    } catch (IllegalArgumentException e) {
      throw ApiErrors.unsupportedMediaType(contentType, OBJECT_MEDIA_TYPES);
    }
  }

  public static boolean isYaml(String essence) {
    return essence.equals("application/yaml") || essence.equals("application/x-yaml") || essence.equals("text/yaml")
        || essence.equals("application/apply-patch+yaml");
  }
}
