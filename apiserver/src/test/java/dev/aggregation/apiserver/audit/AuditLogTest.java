package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.server.ApiServer;
import dev.aggregation.apiserver.server.ServerConfig;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.server.tls.TlsVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server in standalone mode with an audit policy and a log file: what the file holds after real
 * requests (create, get, list, delete, watch, refused ones) over TLS.
 */
class AuditLogTest {
  private static final String ADMIN_TOKEN = "admin-secret-token-1234";
  private static final String ALICE_TOKEN = "alice-secret-token-5678";
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/team/flunders";

  @TempDir static Path dir;
  private static ApiServer server;
  private static HttpClient client;
  private static Path log;

  @BeforeAll
  static void start() throws Exception {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, ADMIN_TOKEN + ",admin,admin-uid,\"system:masters\"\n" + ALICE_TOKEN + ",alice,alice-uid\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: None
          nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
        - level: Metadata
          verbs: ["get"]
          resources:
          - group: wardle.example.com
            resources: ["flunders"]
        - level: RequestResponse
          resources:
          - group: wardle.example.com
            resources: ["*"]
        - level: Metadata
        """);
    log = dir.resolve("audit/audit.log");
    ServerConfig config = new ServerConfig(
        true,
        new ServerConfig.Serving("127.0.0.1", 0, dir.resolve("certs"), Optional.empty(), Optional.empty(), TlsVersion.TLS12, List.of()),
        new ServerConfig.Storage(Optional.of(dir.resolve("data")), List.of(), "/registry/wardle.example.com",
            Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5)),
        new ServerConfig.Authentication(Optional.empty(), Optional.of(tokens), Optional.empty(), false, false, Duration.ofSeconds(10),
            new ServerConfig.RequestHeader(Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of())),
        new ServerConfig.Authorization(Optional.empty(), List.of("/healthz", "/readyz", "/livez"), Duration.ofSeconds(10), Duration.ofSeconds(10)),
        new ServerConfig.Limits(400, 200, Duration.ofMinutes(1), Duration.ofMinutes(30)),
        new ServerConfig.Admission(List.of(), List.of()),
        new ServerConfig.Audit(Optional.of(log.toString()), Optional.of(policy), 0, 0, 0, LogFormat.JSON),
        Optional.empty());
    server = ApiServer.builder(config).group(WardleApi.group()).admissionPlugins(WardleApi::admissionPlugins).start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(dir.resolve("certs/ca.crt"))).build();

    send("POST", FLUNDERS, ADMIN_TOKEN, "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"audited\"},\"spec\":{}}");
    send("GET", FLUNDERS + "/audited", ADMIN_TOKEN, null);
    send("GET", FLUNDERS, ADMIN_TOKEN, null);
    send("GET", FLUNDERS + "?watch=true&timeoutSeconds=1", ADMIN_TOKEN, null);
    send("DELETE", FLUNDERS + "/audited", ADMIN_TOKEN, null);
    send("GET", FLUNDERS, ALICE_TOKEN, null);
    send("GET", FLUNDERS, "not-a-known-token", null);
    send("GET", "/healthz", ADMIN_TOKEN, null);
    send("GET", "/version", ADMIN_TOKEN, null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (X509Certificate ca : Pem.readCertificates(caFile)) {
      trust.setCertificateEntry("ca" + i++, ca);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static void send(String method, String path, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .header("User-Agent", "audit-test/1.0")
        .header("X-Forwarded-For", "10.1.2.3, 192.0.2.7")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The log's events, once the event of the last request sent (GET /version, ResponseComplete) is written. */
  private static List<JsonNode> events() throws IOException {
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log)
        && Files.readString(log).contains("\"requestURI\":\"/version\",\"verb\":\"get\""));
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      events.add(Json.mapper().readTree(line));
    }
    return events;
  }

  private static List<JsonNode> eventsFor(String verb, String uri) throws IOException {
    return events().stream()
        .filter(e -> e.path("verb").asText().equals(verb) && e.path("requestURI").asText().equals(uri))
        .toList();
  }

  @Test
  void everyLineIsAnAuditK8sIoV1Event() throws IOException {
    assertThat(events()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.path("kind").asText()).isEqualTo("Event");
      assertThat(e.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
      assertThat(e.path("auditID").asText()).isNotEmpty();
      assertThat(e.path("requestReceivedTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      assertThat(e.path("stageTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    });
  }

  @Test
  void aCreateAtRequestResponseHasBothBodiesTheUserAndTheObjectReference() throws IOException {
    List<JsonNode> creates = eventsFor("create", FLUNDERS);
    assertThat(creates).hasSize(1);
    JsonNode create = creates.get(0);
    assertThat(create.path("level").asText()).isEqualTo("RequestResponse");
    assertThat(create.path("stage").asText()).isEqualTo("ResponseComplete");
    assertThat(create.path("user").path("username").asText()).isEqualTo("admin");
    assertThat(create.path("user").path("groups").toString()).contains("system:masters");
    assertThat(create.has("impersonatedUser")).isFalse();
    assertThat(create.path("sourceIPs").get(0).asText()).isEqualTo("10.1.2.3");
    assertThat(create.path("sourceIPs").get(1).asText()).isEqualTo("192.0.2.7");
    assertThat(create.path("sourceIPs").get(2).asText()).isEqualTo("127.0.0.1");
    assertThat(create.path("userAgent").asText()).isEqualTo("audit-test/1.0");
    JsonNode ref = create.path("objectRef");
    assertThat(ref.path("resource").asText()).isEqualTo("flunders");
    assertThat(ref.path("namespace").asText()).isEqualTo("team");
    assertThat(ref.path("name").asText()).isEqualTo("audited");
    assertThat(ref.path("apiGroup").asText()).isEqualTo("wardle.example.com");
    assertThat(ref.path("apiVersion").asText()).isEqualTo("v1alpha1");
    assertThat(create.path("responseStatus").path("code").asInt()).isEqualTo(201);
    assertThat(create.path("requestObject").path("metadata").path("name").asText()).isEqualTo("audited");
    assertThat(create.path("responseObject").path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(create.path("annotations").path("authorization.k8s.io/decision").asText()).isEqualTo("allow");
  }

  @Test
  void aGetAtMetadataHasNoBodies() throws IOException {
    JsonNode get = eventsFor("get", FLUNDERS + "/audited").get(0);
    assertThat(get.path("level").asText()).isEqualTo("Metadata");
    assertThat(get.path("objectRef").path("name").asText()).isEqualTo("audited");
    assertThat(get.path("responseStatus").path("code").asInt()).isEqualTo(200);
    assertThat(get.has("requestObject")).isFalse();
    assertThat(get.has("responseObject")).isFalse();
  }

  @Test
  void listAndDeleteAreRecordedWithTheirResponses() throws IOException {
    JsonNode list = eventsFor("list", FLUNDERS).stream()
        .filter(e -> e.path("user").path("username").asText().equals("admin")).findFirst().orElseThrow();
    assertThat(list.path("responseObject").path("kind").asText()).isEqualTo("FlunderList");
    JsonNode delete = eventsFor("delete", FLUNDERS + "/audited").get(0);
    assertThat(delete.path("responseStatus").path("code").asInt()).isEqualTo(200);
    assertThat(delete.path("objectRef").path("name").asText()).isEqualTo("audited");
  }

  @Test
  void omittedStagesAreNotWrittenAndAWatchHasResponseStartedAndComplete() throws IOException {
    assertThat(events()).noneMatch(e -> e.path("stage").asText().equals("RequestReceived"));
    List<String> stages = eventsFor("watch", FLUNDERS + "?watch=true&timeoutSeconds=1").stream()
        .map(e -> e.path("stage").asText()).toList();
    assertThat(stages).containsExactly("ResponseStarted", "ResponseComplete");
  }

  @Test
  void aForbiddenRequestIsRecordedWith403AndTheForbidDecision() throws IOException {
    JsonNode denied = eventsFor("list", FLUNDERS).stream()
        .filter(e -> e.path("user").path("username").asText().equals("alice")).findFirst().orElseThrow();
    assertThat(denied.path("responseStatus").path("code").asInt()).isEqualTo(403);
    assertThat(denied.path("annotations").path("authorization.k8s.io/decision").asText()).isEqualTo("forbid");
  }

  @Test
  void aFailedAuthenticationIsRecordedWith401AndNoUser() throws IOException {
    JsonNode unauthorized = eventsFor("list", FLUNDERS).stream()
        .filter(e -> e.path("responseStatus").path("code").asInt() == 401).findFirst().orElseThrow();
    assertThat(unauthorized.path("user").isEmpty()).isTrue();
    assertThat(unauthorized.path("stage").asText()).isEqualTo("ResponseStarted");
    assertThat(unauthorized.path("responseStatus").path("message").asText()).isEqualTo("Authentication failed, attempted: bearer");
  }

  @Test
  void noneLevelRulesAndUnmatchedPathsFollowThePolicy() throws IOException {
    assertThat(events()).noneMatch(e -> e.path("requestURI").asText().startsWith("/healthz"));
    JsonNode version = eventsFor("get", "/version").get(0);
    assertThat(version.path("level").asText()).isEqualTo("Metadata");
    assertThat(version.has("objectRef")).isFalse();
  }

  @Test
  void noCredentialReachesTheLog() throws IOException {
    events();
    String content = Files.readString(log);
    assertThat(content).doesNotContain(ADMIN_TOKEN).doesNotContain(ALICE_TOKEN).doesNotContain("not-a-known-token")
        .doesNotContainIgnoringCase("authorization\":").doesNotContain("Bearer");
  }
}
