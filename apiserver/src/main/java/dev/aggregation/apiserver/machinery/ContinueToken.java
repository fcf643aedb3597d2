package dev.aggregation.apiserver.machinery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The opaque {@code continue} token of a paged list, byte for byte as k8s.io/apiserver/pkg/storage/continue.go
 * writes it: base64url without padding of {@code {"v":"meta.k8s.io/v1","rv":<rv>,"start":"<key suffix>"}}, so a
 * token stays valid across our server and any Go one. {@code startKey} is the storage key after the resource
 * prefix (for the next page: the last returned key plus {@code "\u0000"}); {@code resourceVersion} is the
 * revision the first page was read at, or -1 for "continue at the latest revision" after a compaction.
 *
 * <p>Hand-written JSON for the encoding: Go's encoder escapes {@code <>&}, U+2028 and U+2029, which Jackson does
 * not, and the token must be identical.
 */
public record ContinueToken(String startKey, long resourceVersion) {
  public static final String VERSION = "meta.k8s.io/v1";

  /** storage/etcd3's message for a continue token older than the compacted history. */
  public static final String INCONSISTENT_CONTINUE =
      "The provided continue parameter is too old to display a consistent list result. You can start a new list"
          + " without the continue parameter, or use the continue token in this response to retrieve the remainder"
          + " of the results. Continuing with the provided token results in an inconsistent list - objects that"
          + " were created, modified, or deleted between the time the first chunk was returned and now may show"
          + " up in the list.";

  private static final String INVALID = "continue key is not valid";

  public ContinueToken {
    Objects.requireNonNull(startKey, "startKey");
  }

  /**
   * The token for a list continuing at {@code key}, a full storage key under {@code keyPrefix}, as
   * EncodeContinue.
   *
   * @throws IllegalArgumentException when {@code key} is not under {@code keyPrefix}
   */
  public static ContinueToken at(String key, String keyPrefix, long resourceVersion) {
    if (keyPrefix.isEmpty() || !key.startsWith(keyPrefix)) {
      throw new IllegalArgumentException("unable to encode next field: the key and key prefix do not match");
    }
    return new ContinueToken(key.substring(keyPrefix.length()), resourceVersion);
  }

  /** The token text for {@code metadata.continue}. */
  public String encode() {
    String json =
        "{\"v\":" + goJsonString(VERSION) + ",\"rv\":" + resourceVersion + ",\"start\":" + goJsonString(startKey)
            + "}";
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The full storage key to continue from: {@code keyPrefix} plus the decoded start. */
  public String fromKey(String keyPrefix) {
    String key = startKey.startsWith("/") ? startKey : "/" + startKey;
    return keyPrefix + key.substring(1);
  }

  /**
   * Decodes and validates a token like storage.DecodeContinue: version {@code meta.k8s.io/v1}, a non-zero
   * resourceVersion, a non-empty start that {@code path.Clean} leaves unchanged (so no {@code ..}, {@code //} or
   * trailing {@code /} can escape the resource prefix).
   *
   * @throws InvalidContinueTokenException with Kubernetes' {@code continue key is not valid: ...} message
   */
  public static ContinueToken decode(String token) {
    byte[] json = decodeBase64(token);
    JsonNode node;
    try {
      node = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidContinueTokenException(INVALID + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new InvalidContinueTokenException(INVALID + ": " + e.getMessage());
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      node = Json.object();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidContinueTokenException(
          INVALID + ": json: cannot unmarshal " + goJsonType(node) + " into Go value of type storage.continueToken");
    }
    String version = stringField(object, "v");
    long rv = int64Field(object, "rv");
    String start = stringField(object, "start");
    if (!VERSION.equals(version)) {
      throw new InvalidContinueTokenException(
          INVALID + ": server does not recognize this encoded version " + version);
    }
    if (rv == 0) {
      throw new InvalidContinueTokenException(
          INVALID + ": incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
    if (start.isEmpty()) {
      throw new InvalidContinueTokenException(INVALID + ": encoded start key empty (version meta.k8s.io/v1)");
    }
    String key = start.startsWith("/") ? start : "/" + start;
    if (!cleanRootedPath(key).equals(key)) {
      throw new InvalidContinueTokenException(INVALID + ": " + start);
    }
    return new ContinueToken(start, rv);
  }

  /**
   * The 410 Expired kube-apiserver answers when a continue token's revision was compacted: it carries, in
   * {@code metadata.continue}, a token to go on at the latest revision (an inconsistent list).
   */
  public static ApiException expired(String continueKey, String keyPrefix) {
    var status = ApiErrors.status(410, "Expired", INCONSISTENT_CONTINUE, null);
    ListMeta meta = new ListMeta();
    meta.setContinue(at(continueKey, keyPrefix, -1).encode());
    status.setMetadata(meta);
    return new ApiException(status);
  }

  /** Go's base64.RawURLEncoding.DecodeString, with its "illegal base64 data at input byte N" errors. */
  private static byte[] decodeBase64(String token) {
    StringBuilder clean = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '\r' || c == '\n') {
        continue;
      }
      boolean inAlphabet =
          c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
      if (!inAlphabet) {
        throw illegalBase64(i);
      }
      clean.append(c);
    }
    if (clean.length() % 4 == 1) {
      throw illegalBase64(token.length() - 1);
    }
    return Base64.getUrlDecoder().decode(clean.toString());
  }

  private static InvalidContinueTokenException illegalBase64(int offset) {
    return new InvalidContinueTokenException(INVALID + ": illegal base64 data at input byte " + offset);
  }

  /** encoding/json matches struct fields case-insensitively; an exact match wins. */
  private static JsonNode field(ObjectNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String stringField(ObjectNode object, String name) {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw typeMismatch(value, name, "string");
    }
    return value.textValue();
  }

  private static long int64Field(ObjectNode object, String name) {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw typeMismatch(value, name, "int64");
    }
    return value.longValue();
  }

  private static InvalidContinueTokenException typeMismatch(JsonNode value, String field, String goType) {
    String what = value.isNumber() ? "number " + value.asText() : goJsonType(value);
    return new InvalidContinueTokenException(
        INVALID + ": json: cannot unmarshal " + what + " into Go struct field continueToken." + field + " of type "
            + goType);
  }

  private static String goJsonType(JsonNode node) {
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    return "number";
  }

  /** Go's path.Clean for a path starting with '/'. */
  static String cleanRootedPath(String path) {
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        kept.pollLast();
      } else {
        kept.addLast(segment);
      }
    }
    return "/" + String.join("/", kept);
  }

  /** A JSON string as Go's encoding/json writes it (HTML-safe escaping). */
  static String goJsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
