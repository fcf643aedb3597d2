package dev.aggregation.apiserver.machinery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of the server: objects travel as {@link ObjectNode} trees and fabric8 model
 * classes are (de)serialized with the same rules. The mapper is configured once and never changed after.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getName() + " as JSON", e);
    }
  }

  public static ObjectNode readObject(byte[] stored) {
    try {
      JsonNode node = MAPPER.readTree(stored);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalArgumentException("stored value is not a JSON object");
      }
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("stored value is not valid JSON", e);
    }
  }

  public static <T> T convert(Object tree, Class<T> type) {
    return MAPPER.convertValue(tree, type);
  }

  public static ObjectNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }
}
