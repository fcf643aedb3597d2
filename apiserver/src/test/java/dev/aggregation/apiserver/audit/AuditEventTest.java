package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  @Test
  void microTimeWritesWhatTheFormatterWrites() {
    SplittableRandom random = new SplittableRandom(8);
    Instant earliest = Instant.parse("1000-01-01T00:00:00Z");
    Instant latest = Instant.parse("9999-12-31T23:59:59.999999999Z");
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(earliest.getEpochSecond(), latest.getEpochSecond() + 1), random.nextInt(1_000_000_000));
      assertThat(AuditEvent.microTime(instant)).as("%s", instant).isEqualTo(AuditEvent.MICRO_TIME.format(instant));
    }
  }

  @Test
  void microTimeTruncatesToMicrosecondsAndPadsEveryField() {
    assertThat(AuditEvent.microTime(Instant.parse("2026-01-02T03:04:05.000007999Z"))).isEqualTo("2026-01-02T03:04:05.000007Z");
    assertThat(AuditEvent.microTime(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("1970-01-01T00:00:00.000000Z");
  }

  @Test
  void microTimeOfAYearBeyondFourDigitsIsTheFormatters() {
    Instant far = Instant.parse("+12026-01-02T03:04:05.123456Z");

    assertThat(AuditEvent.microTime(far)).isEqualTo(AuditEvent.MICRO_TIME.format(far));
  }

  @Test
  void writesEveryFieldInAuditV1sOrder() {
    AuditEvent event = new AuditEvent(new RequestAuditConfig(Level.REQUEST_RESPONSE, Set.of(), false), "id-1",
        "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders", "create",
        new UserInfo("alice", "uid-1", List.of("devs"), Map.of("z", List.of("2"), "a", List.of("1"))), List.of("10.0.0.1", "10.0.0.2"),
        "kubectl/v1.31", Instant.parse("2026-11-29T05:00:00.000001Z"),
        Json.object().put("resource", "flunders").put("namespace", "ns").put("apiGroup", "wardle.example.com").put("apiVersion", "v1alpha1"));
    event.impersonatedUser(new UserInfo("bob", "", List.of(), Map.of()));
    event.requestObject(Json.object().put("kind", "Flunder"));
    event.responseObject(Json.object().put("kind", "Flunder").put("done", true));
    event.responseCode(201);
    event.annotate("b", "2");
    event.annotate("a", "1");

    String received = new String(event.snapshot(Stage.REQUEST_RECEIVED, Instant.parse("2026-11-29T05:00:00.000002Z")), StandardCharsets.UTF_8);
    String complete = new String(event.snapshot(Stage.RESPONSE_COMPLETE, Instant.parse("2026-11-29T05:00:00.000003Z")), StandardCharsets.UTF_8);

    String head = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"RequestResponse\",\"auditID\":\"id-1\",";
    String who = "\"requestURI\":\"/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders\",\"verb\":\"create\","
        + "\"user\":{\"username\":\"alice\",\"uid\":\"uid-1\",\"groups\":[\"devs\"],\"extra\":{\"a\":[\"1\"],\"z\":[\"2\"]}},"
        + "\"impersonatedUser\":{\"username\":\"bob\"},\"sourceIPs\":[\"10.0.0.1\",\"10.0.0.2\"],\"userAgent\":\"kubectl/v1.31\","
        + "\"objectRef\":{\"resource\":\"flunders\",\"namespace\":\"ns\",\"apiGroup\":\"wardle.example.com\",\"apiVersion\":\"v1alpha1\"},";
    assertThat(received).isEqualTo(head + "\"stage\":\"RequestReceived\"," + who
        + "\"requestObject\":{\"kind\":\"Flunder\"},"
        + "\"requestReceivedTimestamp\":\"2026-11-29T05:00:00.000001Z\",\"stageTimestamp\":\"2026-11-29T05:00:00.000002Z\","
        + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
    assertThat(complete).isEqualTo(head + "\"stage\":\"ResponseComplete\"," + who
        + "\"responseStatus\":{\"metadata\":{},\"code\":201},"
        + "\"requestObject\":{\"kind\":\"Flunder\"},\"responseObject\":{\"kind\":\"Flunder\",\"done\":true},"
        + "\"requestReceivedTimestamp\":\"2026-11-29T05:00:00.000001Z\",\"stageTimestamp\":\"2026-11-29T05:00:00.000003Z\","
        + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
  }

  @Test
  void writesTheEmptyUserOfAnUnauthenticatedRequest() {
    AuditEvent event = new AuditEvent(new RequestAuditConfig(Level.METADATA, Set.of(), false), "id-2", "/healthz", "get", null,
        List.of(), "", Instant.parse("2026-11-29T05:00:00Z"), null);

    String json = new String(event.snapshot(Stage.RESPONSE_COMPLETE, Instant.parse("2026-11-29T05:00:00Z")), StandardCharsets.UTF_8);

    assertThat(json).contains("\"user\":{},\"sourceIPs\":[],\"requestReceivedTimestamp\"");
  }

  @Test
  void writesATreeAsTheMapperWritesIt() throws Exception {
    String tree = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"quote \\\" and \\u00e9\\n\",\"code\":422,"
        + "\"details\":{\"causes\":[{\"field\":\"spec\",\"n\":null,\"ok\":true,\"big\":12345678901234,\"ratio\":0.25,"
        + "\"huge\":123456789012345678901234567890,\"empty\":[]}]}}";
    JsonNode node = Json.mapper().readTree(tree);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = Json.mapper().createGenerator(out)) {
      AuditEvent.writeTree(json, node);
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Json.mapper().writeValueAsString(node));
  }
}
