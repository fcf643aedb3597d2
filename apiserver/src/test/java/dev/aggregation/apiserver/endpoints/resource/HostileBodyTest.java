package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus for bodies, sent as the admin over real TLS: every body is refused with a 4xx
 * {@code Status} (never a 500, a hang or a dead server), the server stays ready, and what is stored is unchanged.
 */
class HostileBodyTest {
  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";

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

  @AfterEach
  void serverIsReadyAndStoredObjectsAreUnchanged() {
    assertThat(client.get("/readyz").status()).isEqualTo(200);
    assertThat(client.get(collection(ns)).json().path("items")).isEqualTo(storedBefore.path("items"));
  }

  /** {@code {"spec":{"reference":"r","x":[[[...]]]}}} nested {@code depth} arrays deep. */
  private static String deeplyNested(String name, int depth) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"reference\":\"r\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}}";
  }

  private static String deeplyNestedObjects(int depth) {
    return "{\"metadata\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
  }

  private static void assertClientError(Reply reply, int code) {
    assertThat(reply.status()).as("%s", brief(reply)).isEqualTo(code);
    ObjectNode status = reply.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).isEqualTo(code);
  }

  /** A reply short enough for an assertion message. */
  private static String brief(Reply reply) {
    String text = reply.toString();
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }

  private Reply send(String method, String path, String contentType, String body) {
    return client.send(method, path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonNestedTenThousandDeepIsBadRequestOnCreate() {
    assertClientError(send("POST", collection(ns), "application/json", deeplyNested("deep", 10_000)), 400);
  }

  @Test
  void jsonNestedTenThousandDeepIsBadRequestOnUpdate() {
    assertClientError(send("PUT", object(ns, "kept"), "application/json", deeplyNested("kept", 10_000)), 400);
  }

  @Test
  void yamlNestedTenThousandDeepIsBadRequest() {
    String yaml = "apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: deep\nspec:\n  x: "
        + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    assertClientError(send("POST", collection(ns), "application/yaml", yaml), 400);
  }

  @Test
  void yamlBlockMappingsNestedTwoThousandDeepAreBadRequest() {
    StringBuilder yaml = new StringBuilder("apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: deep\nspec:\n");
    // 2,000 levels: deeper block indentation alone would pass the 3 MiB body limit
    for (int i = 0; i < 2_000; i++) {
      yaml.append(" ".repeat(i + 1)).append("a:\n");
    }
    assertClientError(send("POST", collection(ns), "application/yaml", yaml.toString()), 400);
  }

  @Test
  void deeplyNestedMergePatchIsBadRequest() {
    assertClientError(send("PATCH", object(ns, "kept"), MERGE_PATCH, deeplyNestedObjects(10_000)), 400);
  }

  @Test
  void deeplyNestedJsonPatchValueIsBadRequest() {
    String patch = "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":" + deeplyNestedObjects(10_000) + "}]";
    assertClientError(send("PATCH", object(ns, "kept"), JSON_PATCH, patch), 400);
  }

  @Test
  void deeplyNestedApplyPatchIsBadRequest() {
    String apply = "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"kept\"},\"spec\":"
        + deeplyNestedObjects(10_000) + "}";
    assertClientError(send("PATCH", object(ns, "kept") + "?fieldManager=hostile", APPLY_PATCH, apply), 400);
  }

  @Test
  void aJsonPatchThatTurnsTheObjectIntoAnArrayThenAddsAMemberIsUnprocessable() {
    // found by PatchProperties: this was a 500
    String patch = "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]},{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]";
    Reply reply = send("PATCH", object(ns, "kept"), JSON_PATCH, patch);
    assertThat(reply.status()).as("%s", brief(reply)).isBetween(400, 499);
    assertThat(reply.json().path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void nestingJustUnderJacksonsLimitInAnUnknownFieldIsPrunedNotAServerError() {
    Reply reply = send("POST", collection(ns) + "?fieldValidation=Strict", "application/json", deeplyNested("deep", 900));
    assertClientError(reply, 400);
  }

  @Test
  void anArrayOfOneHundredThousandElementsInAnUnknownFieldIsRefusedUnderStrict() {
    String body = "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"wide\"},"
        + "\"spec\":{\"reference\":\"r\",\"x\":[" + "0,".repeat(99_999) + "0]}}";
    assertClientError(send("POST", collection(ns) + "?fieldValidation=Strict", "application/json", body), 400);
  }

  @Test
  void aLabelValueOfMegabytesIsInvalid() {
    ObjectNode flunder = flunder("big", "r");
    ((ObjectNode) flunder.get("metadata")).putObject("labels").put("a", "v".repeat(3_000_000));
    assertClientError(send("POST", collection(ns), "application/json", flunder.toString()), 422);
  }

  @Test
  void oneHundredThousandIdenticalErrorsMakeOneMessage() {
    String body = "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"wide\",\"finalizers\":["
        + "\"-bad-\",".repeat(99_999) + "\"-bad-\"]},\"spec\":{\"reference\":\"r\"}}";
    Reply reply = send("POST", collection(ns), "application/json", body);
    assertClientError(reply, 422);
    assertThat(reply.json().path("message").asText()).hasSizeLessThan(1000);
  }

  @Test
  void annotationsOverTheTotalLimitAreInvalid() {
    ObjectNode flunder = flunder("big", "r");
    ((ObjectNode) flunder.get("metadata")).putObject("annotations").put("a", "v".repeat(3_000_000));
    assertClientError(send("POST", collection(ns), "application/json", flunder.toString()), 422);
  }

  @Test
  void aHugeStringInAnUnknownFieldIsRefusedUnderStrict() {
    ObjectNode flunder = flunder("big", "r");
    ((ObjectNode) flunder.get("spec")).put("x", "v".repeat(3_000_000));
    assertClientError(send("POST", collection(ns) + "?fieldValidation=Strict", "application/json", flunder.toString()), 400);
  }

  @Test
  void manyDuplicateKeysAreRefusedUnderStrict() {
    String body = "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"dup\"},\"spec\":{"
        + "\"reference\":\"r\",".repeat(10_000) + "\"reference\":\"r\"}}";
    assertClientError(send("POST", collection(ns) + "?fieldValidation=Strict", "application/json", body), 400);
  }

  @Test
  void duplicateKeysInAMergePatchAreRefusedUnderStrict() {
    assertClientError(
        send("PATCH", object(ns, "kept") + "?fieldValidation=Strict", MERGE_PATCH, "{\"spec\":{\"reference\":\"a\",\"reference\":\"b\"}}"), 400);
  }

  @Test
  void invalidUtf8IsBadRequest() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    body.writeBytes("\"},\"spec\":{\"reference\":\"r\"}}".getBytes(StandardCharsets.UTF_8));
    Reply reply = client.send("POST", collection(ns), "application/json", body.toByteArray());
    assertThat(reply.status()).as("%s", brief(reply)).isBetween(400, 499);
    assertThat(reply.json().path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void invalidUtf8InYamlIsBadRequest() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: \"".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    body.writeBytes("\"\nspec:\n  reference: r\n".getBytes(StandardCharsets.UTF_8));
    Reply reply = client.send("POST", collection(ns), "application/yaml", body.toByteArray());
    assertThat(reply.status()).as("%s", brief(reply)).isBetween(400, 499);
    assertThat(reply.json().path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void aYamlAliasBombIsDecodedWithoutExpansionAndRefusedUnderStrict() {
    StringBuilder yaml = new StringBuilder("apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: bomb\nspec:\n");
    yaml.append("  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      String previous = "*a" + (i - 1);
      yaml.append("  a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(",", java.util.Collections.nCopies(9, previous))).append("]\n");
    }
    Reply reply = send("POST", collection(ns) + "?fieldValidation=Strict", "application/yaml", yaml.toString());
    assertClientError(reply, 400);
  }

  @Test
  void namesWithSlashesPercentOrDotSegmentsInBodiesAreInvalid() {
    // ValidatePathSegmentName, as sample-apiserver's generic registry applies it
    for (String name : new String[] {"a/b", "..", ".", "a%2Fb", "../kept"}) {
      Reply reply = send("POST", collection(ns), "application/json", flunder(name, "r").toString());
      assertThat(reply.status()).as("name %s: %s", name, brief(reply)).isEqualTo(422);
    }
  }

  @Test
  void aNameWithNulIsAValidPathSegmentAndAddressableByItsEscapedUrl() {
    // Kubernetes' path-segment names allow NUL: what matters is that the URL and the body name the same object
    assertThat(send("POST", collection(ns), "application/json", flunder("a\u0000b", "r").toString()).status()).isEqualTo(201);
    Reply got = client.get(object(ns, "a%00b"));
    assertThat(got.status()).as("%s", brief(got)).isEqualTo(200);
    assertThat(got.json().path("metadata").path("name").asText()).isEqualTo("a\u0000b");
    assertThat(client.delete(object(ns, "a%00b")).status()).isEqualTo(200);
  }

  @Test
  void namespacesWithNulSlashesAndDotSegmentsInBodiesAreRefused() {
    for (String namespace : new String[] {"a\u0000b", "a/b", "..", "."}) {
      ObjectNode flunder = flunder("x", "r");
      ((ObjectNode) flunder.get("metadata")).put("namespace", namespace);
      Reply reply = send("POST", collection(ns), "application/json", flunder.toString());
      assertThat(reply.status()).as("namespace %s: %s", namespace, brief(reply)).isBetween(400, 499);
    }
  }

  @Test
  void escapedNulSlashesAndDotSegmentsInUrlsAreClientErrors() {
    for (String name : new String[] {"a%00b", "a%2Fb", "%2E%2E", "%2e", "..%2Fkept", "a%2F..%2F..%2Fkept"}) {
      for (String method : new String[] {"GET", "PUT", "DELETE"}) {
        Reply reply = send(method, object(ns, name), "application/json", method.equals("PUT") ? flunder("x", "r").toString() : "");
        assertThat(reply.status()).as("%s %s: %s", method, name, brief(reply)).isBetween(400, 499);
        assertThat(reply.json().path("kind").asText()).as("%s %s: %s", method, name, brief(reply)).isEqualTo("Status");
      }
      // a list in a namespace that cannot exist is refused or empty, as Kubernetes' is: never another namespace's
      Reply inNamespace = client.get("/apis/wardle.example.com/v1alpha1/namespaces/" + name + "/flunders");
      assertThat(inNamespace.status()).as("namespace %s: %s", name, brief(inNamespace)).isIn(200, 400, 404);
      if (inNamespace.status() == 200) {
        assertThat(inNamespace.json().path("items")).as("namespace %s", name).isEmpty();
      }
    }
  }
}
