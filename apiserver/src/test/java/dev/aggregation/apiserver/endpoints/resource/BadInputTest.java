package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies and parameters the server must refuse with Kubernetes' 4xx, leaving what is stored as it was: every
 * test starts with one stored flunder and checks after its bad requests that the collection is unchanged.
 */
class BadInputTest {
  private static final String UNKNOWN_FIELD = """
      {"apiVersion":"wardle.example.com/v1alpha1","kind":"Flunder","metadata":{"name":"%s"},"spec":{"reference":"r","foo":"bar"}}""";

  @TempDir static Path directory;
  private static TestApiServer server;
  private static TestClient client;
  private String ns;
  private ObjectNode storedBefore;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.start(directory);
    client = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void storeOne(TestInfo info) {
    ns = Flunders.namespace(info);
    create(client, ns, flunder("kept", "r"));
    storedBefore = client.get(collection(ns)).json();
  }

  /** Whatever the test sent, nothing it did not mean to create is stored and the stored flunder is untouched. */
  @AfterEach
  void storedObjectsAreUnchanged() {
    ObjectNode after = client.get(collection(ns) + "?labelSelector=" + "!created-on-purpose").json();
    assertThat(after.path("items")).isEqualTo(storedBefore.path("items"));
  }

  private Reply postRaw(String contentType, String body) {
    return client.send("POST", collection(ns), contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void malformedJsonIsBadRequest() {
    Reply reply = postRaw("application/json", "{\"apiVersion\": \"wardle.example.com/v1alpha1\", \"kind\":");

    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void malformedYamlIsBadRequest() {
    Reply reply = postRaw("application/yaml", "apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata: [name: x\n");

    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void aJsonArrayIsBadRequest() {
    Reply reply = postRaw("application/json", "[{\"kind\":\"Flunder\"}]");

    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void aValueOfTheWrongTypeIsBadRequest() {
    Reply reply = postRaw("application/json", """
        {"apiVersion":"wardle.example.com/v1alpha1","kind":"Flunder","metadata":{"name":"typed"},"spec":{"reference":5}}""");

    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
    assertThat(reply.json().path("message").asText())
        .startsWith("Flunder in version \"v1alpha1\" cannot be handled as a Flunder: json: cannot unmarshal number into Go struct field ")
        .endsWith("spec.reference of type string");
  }

  @Test
  void anUnknownFieldIsRefusedUnderStrictValidation() {
    assertFailure(
        client.post(collection(ns) + "?fieldValidation=Strict", UNKNOWN_FIELD.formatted("strict")),
        400,
        "BadRequest",
        "Flunder in version \"v1alpha1\" cannot be handled as a Flunder: strict decoding error: unknown field \"spec.foo\"");
  }

  @Test
  void anUnknownFieldIsAWarningByDefaultAndUnderWarn() {
    for (String query : new String[] {"", "?fieldValidation=Warn"}) {
      String name = query.isEmpty() ? "default" : "warn";
      Reply reply = client.post(collection(ns) + query, UNKNOWN_FIELD.formatted(name).replace("\"metadata\":{", "\"metadata\":{\"labels\":{\"created-on-purpose\":\"yes\"},"));

      assertThat(reply.status()).as("%s", reply).isEqualTo(201);
      assertThat(reply.headerValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.foo\\\"\"");
      assertThat(reply.json().path("spec").has("foo")).isFalse();
    }
  }

  @Test
  void anUnknownFieldIsDroppedSilentlyUnderIgnore() {
    Reply reply = client.post(
        collection(ns) + "?fieldValidation=Ignore",
        UNKNOWN_FIELD.formatted("ignore").replace("\"metadata\":{", "\"metadata\":{\"labels\":{\"created-on-purpose\":\"yes\"},"));

    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    assertThat(reply.headerValues("Warning")).isEmpty();
    assertThat(reply.json().path("spec").has("foo")).isFalse();
  }

  @Test
  void aDuplicateFieldIsRefusedUnderStrictValidation() {
    assertFailure(
        client.post(collection(ns) + "?fieldValidation=Strict", """
            {"apiVersion":"wardle.example.com/v1alpha1","kind":"Flunder","metadata":{"name":"dup"},"spec":{"reference":"a","reference":"b"}}"""),
        400,
        "BadRequest",
        "Flunder in version \"v1alpha1\" cannot be handled as a Flunder: strict decoding error: duplicate field \"spec.reference\"");
  }

  @Test
  void aBodyOverThreeMebibytesIsTooLarge() {
    byte[] body = new byte[3 * 1024 * 1024 + 1];
    Arrays.fill(body, (byte) ' ');

    Reply reply = client.send("POST", collection(ns), "application/json", body);

    assertFailure(reply, 413, "RequestEntityTooLarge", "limit is 3145728");
  }

  @Test
  void aMalformedResourceVersionIsRefused() {
    for (String rv : new String[] {"abc", "-1", "1.5"}) {
      Reply list = client.get(collection(ns) + "?resourceVersion=" + rv);
      assertThat(list.status()).as("list at %s: %s", rv, list).isEqualTo(400);
      Reply get = client.get(object(ns, "kept") + "?resourceVersion=" + rv);
      assertThat(get.status()).as("get at %s: %s", rv, get).isEqualTo(400);
    }
    ObjectNode update = Flunders.get(client, ns, "kept");
    ((ObjectNode) update.get("metadata")).put("resourceVersion", "abc");
    ((ObjectNode) update.get("spec")).put("reference", "changed");
    Reply put = client.put(object(ns, "kept"), update.toString());
    assertThat(put.status()).as("%s", put).isIn(400, 409);
  }
}
