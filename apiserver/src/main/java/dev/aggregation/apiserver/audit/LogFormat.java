package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GoStrings;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** --audit-log-format: {@code json} (one Event per line) or {@code legacy} (Kubernetes' EventString line). */
public enum LogFormat {
  JSON("json"),
  LEGACY("legacy");

  private final String flag;

  LogFormat(String flag) {
    this.flag = flag;
  }

  public String flag() {
    return flag;
  }

  public static LogFormat fromFlag(String value) {
    for (LogFormat format : values()) {
      if (format.flag.equals(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException("invalid audit log format " + value + ", allowed formats are \"json,legacy\"");
  }

  /** The line of {@code event}, an Event's JSON. */
  byte[] line(byte[] event) {
    byte[] text = this == JSON ? event : legacy(Json.readObject(event)).getBytes(StandardCharsets.UTF_8);
    byte[] line = Arrays.copyOf(text, text.length + 1);
    line[text.length] = '\n';
    return line;
  }

  private static String legacy(ObjectNode event) {
    JsonNode user = event.path("user");
    String username = "<none>";
    String groups = "<none>";
    if (!user.path("username").asText("").isEmpty()) {
      username = user.path("username").asText();
      if (user.path("groups").size() > 0) {
        groups = quotedList(user.path("groups"));
      }
    }
    String asUser = "<self>";
    String asGroups = "<lookup>";
    JsonNode impersonated = event.get("impersonatedUser");
    if (impersonated != null) {
      asUser = impersonated.path("username").asText("");
      if (impersonated.has("groups")) {
        asGroups = quotedList(impersonated.path("groups"));
      }
    }
    String namespace = event.path("objectRef").path("namespace").asText("");
    String response = event.has("responseStatus") ? event.path("responseStatus").path("code").asText("0") : "<deferred>";
    String ip = event.path("sourceIPs").size() > 0 ? event.path("sourceIPs").get(0).asText() : "<unknown>";
    Instant received = Instant.from(AuditEvent.MICRO_TIME.parse(event.path("requestReceivedTimestamp").asText()));
    return DateTimeFormatter.ISO_INSTANT.format(received)
        + " AUDIT: id=" + GoStrings.quote(event.path("auditID").asText(""))
        + " stage=" + GoStrings.quote(event.path("stage").asText(""))
        + " ip=" + GoStrings.quote(ip)
        + " method=" + GoStrings.quote(event.path("verb").asText(""))
        + " user=" + GoStrings.quote(username)
        + " groups=" + GoStrings.quote(groups)
        + " as=" + GoStrings.quote(asUser)
        + " asgroups=" + GoStrings.quote(asGroups)
        + " user-agent=" + GoStrings.quote(event.path("userAgent").asText(""))
        + " namespace=" + GoStrings.quote(namespace.isEmpty() ? "<none>" : namespace)
        + " uri=" + GoStrings.quote(event.path("requestURI").asText(""))
        + " response=\"" + response + "\"";
  }

  private static String quotedList(JsonNode values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(GoStrings.quote(v.asText())));
    return String.join(",", quoted);
  }
}
