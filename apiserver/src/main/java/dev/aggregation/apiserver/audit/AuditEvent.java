package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit event of one request while it is being served. Stages are recorded as JSON snapshots
 * ({@link #snapshot}); the fields are filled in by the audit filter and, for the bodies and the response status,
 * by the handlers through {@link AuditContext}. Touched from the event loop and from workers, hence synchronized.
 */
final class AuditEvent {
  /** metav1.MicroTime: RFC 3339 with microseconds, in UTC. */
  static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final RequestAuditConfig config;
  private final String auditId;
  private final String requestUri;
  private final String verb;
  private final UserInfo user;
  private final List<String> sourceIps;
  private final String userAgent;
  private final Instant received;
  /** Every stage's event carries it: formatted once. */
  private final String receivedText;
  private final ObjectNode objectRef;
  private final Map<String, String> annotations = new TreeMap<>();
  private UserInfo impersonatedUser;
  private ObjectNode responseStatus;
  private JsonNode requestObject;
  private JsonNode responseObject;

  AuditEvent(
      RequestAuditConfig config,
      String auditId,
      String requestUri,
      String verb,
      UserInfo user,
      List<String> sourceIps,
      String userAgent,
      Instant received,
      ObjectNode objectRef) {
    this.config = config;
    this.auditId = auditId;
    this.requestUri = requestUri;
    this.verb = verb;
    this.user = user;
    this.sourceIps = List.copyOf(sourceIps);
    this.userAgent = userAgent;
    this.received = received;
    this.receivedText = microTime(received);
    this.objectRef = objectRef;
  }

  RequestAuditConfig config() {
    return config;
  }

  Level level() {
    return config.level();
  }

  synchronized void annotate(String key, String value) {
    annotations.putIfAbsent(key, value);
  }

  synchronized void impersonatedUser(UserInfo impersonated) {
    this.impersonatedUser = impersonated;
  }

  synchronized boolean hasResponseStatus() {
    return responseStatus != null;
  }

  synchronized void responseStatus(ObjectNode status) {
    this.responseStatus = status;
  }

  /** Sets the code on the recorded status, or records {@code {metadata: {}, code}} when there is none. */
  synchronized void responseCode(int code) {
    if (responseStatus == null) {
      responseStatus = Json.object();
      responseStatus.putObject("metadata");
    }
    responseStatus.put("code", code);
  }

  /** Completes the object reference from the request's object, as Kubernetes does when it decodes the body. */
  synchronized void completeObjectRef(JsonNode object) {
    if (objectRef == null || object == null || !object.path("metadata").isObject()) {
      return;
    }
    JsonNode meta = object.get("metadata");
    fillIfEmpty("namespace", meta.path("namespace").asText(""));
    fillIfEmpty("name", meta.path("name").asText(""));
    fillIfEmpty("uid", meta.path("uid").asText(""));
    fillIfEmpty("resourceVersion", meta.path("resourceVersion").asText(""));
  }

  private void fillIfEmpty(String field, String value) {
    if (!value.isEmpty() && objectRef.path(field).asText("").isEmpty()) {
      objectRef.put(field, value);
    }
  }

  synchronized void requestObject(JsonNode object) {
    if (level().atLeast(Level.REQUEST) && objectRef != null) {
      this.requestObject = config.omitManagedFields() ? withoutManagedFields(object) : object;
    }
  }

  synchronized boolean recordsResponseObject() {
    return level().atLeast(Level.REQUEST_RESPONSE) && objectRef != null;
  }

  synchronized void responseObject(JsonNode object) {
    if (recordsResponseObject()) {
      this.responseObject = config.omitManagedFields() ? withoutManagedFields(object) : object;
    }
  }

  /**
   * The event as it stands at {@code stage}: its JSON, in audit.k8s.io/v1's field order, written straight from
   * the fields (building a tree per stage and then serializing it was most of auditing's cost).
   */
  synchronized byte[] snapshot(Stage stage, Instant stageTime) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = Json.mapper().createGenerator(out)) {
      json.writeStartObject();
      json.writeFieldName(Fields.KIND);
      json.writeString(Fields.EVENT);
      json.writeFieldName(Fields.API_VERSION);
      json.writeString(Fields.AUDIT_V1);
      json.writeFieldName(Fields.LEVEL);
      json.writeString(config.level().text());
      json.writeFieldName(Fields.AUDIT_ID);
      json.writeString(auditId);
      json.writeFieldName(Fields.STAGE);
      json.writeString(stage.text());
      json.writeFieldName(Fields.REQUEST_URI);
      json.writeString(requestUri);
      json.writeFieldName(Fields.VERB);
      json.writeString(verb);
      json.writeFieldName(Fields.USER);
      writeUser(json, user);
      if (impersonatedUser != null) {
        json.writeFieldName(Fields.IMPERSONATED_USER);
        writeUser(json, impersonatedUser);
      }
      json.writeFieldName(Fields.SOURCE_IPS);
      json.writeStartArray();
      for (String ip : sourceIps) {
        json.writeString(ip);
      }
      json.writeEndArray();
      if (!userAgent.isEmpty()) {
        json.writeFieldName(Fields.USER_AGENT);
        json.writeString(userAgent);
      }
      if (objectRef != null) {
        json.writeFieldName(Fields.OBJECT_REF);
        writeTree(json, objectRef);
      }
      if (responseStatus != null && stage != Stage.REQUEST_RECEIVED) {
        json.writeFieldName(Fields.RESPONSE_STATUS);
        writeTree(json, responseStatus);
      }
      if (requestObject != null) {
        json.writeFieldName(Fields.REQUEST_OBJECT);
        writeTree(json, requestObject);
      }
      if (responseObject != null && stage != Stage.REQUEST_RECEIVED) {
        json.writeFieldName(Fields.RESPONSE_OBJECT);
        writeTree(json, responseObject);
      }
      json.writeFieldName(Fields.REQUEST_RECEIVED_TIMESTAMP);
      json.writeString(receivedText);
      json.writeFieldName(Fields.STAGE_TIMESTAMP);
      json.writeString(microTime(stageTime));
      if (!annotations.isEmpty()) {
        json.writeFieldName(Fields.ANNOTATIONS);
        json.writeStartObject();
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
          json.writeStringField(annotation.getKey(), annotation.getValue());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit event " + auditId, e);
    }
    return out.toByteArray();
  }

  /** The event's field names and constant values, quoted and encoded once rather than escaped at every write. */
  private static final class Fields {
    static final SerializableString KIND = new SerializedString("kind");
    static final SerializableString EVENT = new SerializedString("Event");
    static final SerializableString API_VERSION = new SerializedString("apiVersion");
    static final SerializableString AUDIT_V1 = new SerializedString(PolicyLoader.API_VERSION);
    static final SerializableString LEVEL = new SerializedString("level");
    static final SerializableString AUDIT_ID = new SerializedString("auditID");
    static final SerializableString STAGE = new SerializedString("stage");
    static final SerializableString REQUEST_URI = new SerializedString("requestURI");
    static final SerializableString VERB = new SerializedString("verb");
    static final SerializableString USER = new SerializedString("user");
    static final SerializableString IMPERSONATED_USER = new SerializedString("impersonatedUser");
    static final SerializableString SOURCE_IPS = new SerializedString("sourceIPs");
    static final SerializableString USER_AGENT = new SerializedString("userAgent");
    static final SerializableString OBJECT_REF = new SerializedString("objectRef");
    static final SerializableString RESPONSE_STATUS = new SerializedString("responseStatus");
    static final SerializableString REQUEST_OBJECT = new SerializedString("requestObject");
    static final SerializableString RESPONSE_OBJECT = new SerializedString("responseObject");
    static final SerializableString REQUEST_RECEIVED_TIMESTAMP = new SerializedString("requestReceivedTimestamp");
    static final SerializableString STAGE_TIMESTAMP = new SerializedString("stageTimestamp");
    static final SerializableString ANNOTATIONS = new SerializedString("annotations");
    static final SerializableString USERNAME = new SerializedString("username");
    static final SerializableString UID = new SerializedString("uid");
    static final SerializableString GROUPS = new SerializedString("groups");
    static final SerializableString EXTRA = new SerializedString("extra");

    private Fields() {}
  }

  /**
   * Writes a JSON tree of objects, arrays, strings, numbers, booleans and nulls (what events carry) straight to
   * the generator. {@link JsonGenerator#writeTree} does the same through the mapper, which builds a serializer
   * provider for every call: the two calls of a GET's event were a quarter of writing it in a profile under load.
   * Any other kind of node still takes the mapper's way.
   */
  static void writeTree(JsonGenerator json, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        json.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          json.writeFieldName(field.getKey());
          writeTree(json, field.getValue());
        }
        json.writeEndObject();
      }
      case ARRAY -> {
        json.writeStartArray();
        for (JsonNode element : node) {
          writeTree(json, element);
        }
        json.writeEndArray();
      }
      case STRING -> json.writeString(node.textValue());
      case BOOLEAN -> json.writeBoolean(node.booleanValue());
      case NULL -> json.writeNull();
      case NUMBER -> {
        if (node.isInt() || node.isLong() || node.isShort()) {
          json.writeNumber(node.longValue());
        } else {
          json.writeTree(node);
        }
      }
      default -> json.writeTree(node);
    }
  }

  /**
   * {@link #MICRO_TIME}'s text of {@code instant}, written field by field: the formatter's general machinery was
   * the costliest part of recording an event, and every request records at least two. Years outside four
   * digits take the formatter's way.
   */
  static String microTime(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    if (t.getYear() < 1000 || t.getYear() > 9999) {
      return MICRO_TIME.format(instant);
    }
    char[] out = "0000-00-00T00:00:00.000000Z".toCharArray();
    digits(out, 0, 4, t.getYear());
    digits(out, 5, 2, t.getMonthValue());
    digits(out, 8, 2, t.getDayOfMonth());
    digits(out, 11, 2, t.getHour());
    digits(out, 14, 2, t.getMinute());
    digits(out, 17, 2, t.getSecond());
    digits(out, 20, 6, t.getNano() / 1000);
    return new String(out);
  }

  private static void digits(char[] out, int start, int width, int value) {
    for (int i = start + width - 1; i >= start; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** authentication.k8s.io/v1 UserInfo; an unauthenticated request has the empty user {}. */
  private static void writeUser(JsonGenerator json, UserInfo user) throws IOException {
    json.writeStartObject();
    if (user != null) {
      json.writeFieldName(Fields.USERNAME);
      json.writeString(user.name());
      if (!user.uid().isEmpty()) {
        json.writeFieldName(Fields.UID);
        json.writeString(user.uid());
      }
      if (!user.groups().isEmpty()) {
        json.writeFieldName(Fields.GROUPS);
        json.writeStartArray();
        for (String group : user.groups()) {
          json.writeString(group);
        }
        json.writeEndArray();
      }
      if (!user.extra().isEmpty()) {
        json.writeFieldName(Fields.EXTRA);
        json.writeStartObject();
        for (Map.Entry<String, List<String>> extra : new TreeMap<>(user.extra()).entrySet()) {
          json.writeArrayFieldStart(extra.getKey());
          for (String value : extra.getValue()) {
            json.writeString(value);
          }
          json.writeEndArray();
        }
        json.writeEndObject();
      }
    }
    json.writeEndObject();
  }

  private static JsonNode withoutManagedFields(JsonNode object) {
    if (!(object instanceof ObjectNode o)) {
      return object;
    }
    ObjectNode copy = o.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    if (copy.get("items") instanceof ArrayNode items) {
      items.forEach(item -> {
        if (item.get("metadata") instanceof ObjectNode meta) {
          meta.remove("managedFields");
        }
      });
    }
    return copy;
  }
}
