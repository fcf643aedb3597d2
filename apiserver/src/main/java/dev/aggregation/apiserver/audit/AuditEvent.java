package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.core.JsonGenerator;
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
      json.writeStringField("kind", "Event");
      json.writeStringField("apiVersion", PolicyLoader.API_VERSION);
      json.writeStringField("level", config.level().text());
      json.writeStringField("auditID", auditId);
      json.writeStringField("stage", stage.text());
      json.writeStringField("requestURI", requestUri);
      json.writeStringField("verb", verb);
      json.writeFieldName("user");
      writeUser(json, user);
      if (impersonatedUser != null) {
        json.writeFieldName("impersonatedUser");
        writeUser(json, impersonatedUser);
      }
      json.writeArrayFieldStart("sourceIPs");
      for (String ip : sourceIps) {
        json.writeString(ip);
      }
      json.writeEndArray();
      if (!userAgent.isEmpty()) {
        json.writeStringField("userAgent", userAgent);
      }
      if (objectRef != null) {
        json.writeFieldName("objectRef");
        json.writeTree(objectRef);
      }
      if (responseStatus != null && stage != Stage.REQUEST_RECEIVED) {
        json.writeFieldName("responseStatus");
        json.writeTree(responseStatus);
      }
      if (requestObject != null) {
        json.writeFieldName("requestObject");
        json.writeTree(requestObject);
      }
      if (responseObject != null && stage != Stage.REQUEST_RECEIVED) {
        json.writeFieldName("responseObject");
        json.writeTree(responseObject);
      }
      json.writeStringField("requestReceivedTimestamp", receivedText);
      json.writeStringField("stageTimestamp", microTime(stageTime));
      if (!annotations.isEmpty()) {
        json.writeObjectFieldStart("annotations");
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
      json.writeStringField("username", user.name());
      if (!user.uid().isEmpty()) {
        json.writeStringField("uid", user.uid());
      }
      if (!user.groups().isEmpty()) {
        json.writeArrayFieldStart("groups");
        for (String group : user.groups()) {
          json.writeString(group);
        }
        json.writeEndArray();
      }
      if (!user.extra().isEmpty()) {
        json.writeObjectFieldStart("extra");
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
