package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit event of one request while it is being served. Stages are recorded as immutable JSON snapshots
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

  /** The event as it stands at {@code stage}, in audit.k8s.io/v1's field order. */
  synchronized ObjectNode snapshot(Stage stage, Instant stageTime) {
    ObjectNode event = Json.object();
    event.put("kind", "Event");
    event.put("apiVersion", PolicyLoader.API_VERSION);
    event.put("level", config.level().text());
    event.put("auditID", auditId);
    event.put("stage", stage.text());
    event.put("requestURI", requestUri);
    event.put("verb", verb);
    event.set("user", userJson(user));
    if (impersonatedUser != null) {
      event.set("impersonatedUser", userJson(impersonatedUser));
    }
    ArrayNode ips = event.putArray("sourceIPs");
    sourceIps.forEach(ips::add);
    if (!userAgent.isEmpty()) {
      event.put("userAgent", userAgent);
    }
    if (objectRef != null) {
      event.set("objectRef", objectRef.deepCopy());
    }
    if (responseStatus != null && stage != Stage.REQUEST_RECEIVED) {
      event.set("responseStatus", responseStatus.deepCopy());
    }
    if (requestObject != null) {
      event.set("requestObject", requestObject);
    }
    if (responseObject != null && stage != Stage.REQUEST_RECEIVED) {
      event.set("responseObject", responseObject);
    }
    event.put("requestReceivedTimestamp", receivedText);
    event.put("stageTimestamp", microTime(stageTime));
    if (!annotations.isEmpty()) {
      ObjectNode a = event.putObject("annotations");
      annotations.forEach(a::put);
    }
    return event;
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
  static ObjectNode userJson(UserInfo user) {
    ObjectNode node = Json.object();
    if (user == null) {
      return node;
    }
    node.put("username", user.name());
    if (!user.uid().isEmpty()) {
      node.put("uid", user.uid());
    }
    if (!user.groups().isEmpty()) {
      ArrayNode groups = node.putArray("groups");
      user.groups().forEach(groups::add);
    }
    if (!user.extra().isEmpty()) {
      ObjectNode extra = node.putObject("extra");
      new TreeMap<>(user.extra()).forEach((k, v) -> {
        ArrayNode values = extra.putArray(k);
        v.forEach(values::add);
      });
    }
    return node;
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
