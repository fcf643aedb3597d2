package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Create, get and update of flunders over HTTPS, with Kubernetes' status codes and messages. */
class CrudBehaviourTest {
  @TempDir static Path directory;
  private static TestApiServer server;
  private static TestClient client;
  private String ns;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.builder(directory).group(Gadgets.apiGroup()).start();
    client = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void namespace(TestInfo info) {
    ns = Flunders.namespace(info);
  }

  // ------------------------------------------------------------------ create

  @Test
  void createAnswers201WithTheFieldsTheServerSets() {
    Reply reply = client.post(collection(ns), flunder("a", "b").toString());

    assertThat(reply.status()).isEqualTo(201);
    ObjectNode created = reply.json();
    ObjectNode meta = (ObjectNode) created.get("metadata");
    assertThat(created.path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
    assertThat(created.path("kind").asText()).isEqualTo("Flunder");
    assertThat(meta.path("namespace").asText()).isEqualTo(ns);
    assertThat(meta.path("uid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(meta.path("creationTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(meta.path("resourceVersion").asText()).matches("[1-9][0-9]*");
    assertThat(meta.has("generation")).as("the sample's strategy leaves generation unset").isFalse();
    assertThat(created.path("spec").path("referenceType").asText()).as("defaulted").isEqualTo("Flunder");
    assertThat(Flunders.get(client, ns, "a")).isEqualTo(created);
  }

  @Test
  void createWithGenerateNameMakesAName() {
    ObjectNode body = flunder("", "b");
    ((ObjectNode) body.get("metadata")).remove("name");
    ((ObjectNode) body.get("metadata")).put("generateName", "gen-");

    ObjectNode created = create(client, ns, body);

    assertThat(created.path("metadata").path("name").asText()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(created.path("metadata").path("generateName").asText()).isEqualTo("gen-");
  }

  @Test
  void createOfAnExistingNameIsAlreadyExists() {
    create(client, ns, flunder("a", "b"));

    Reply reply = client.post(collection(ns), flunder("a", "c").toString());

    ObjectNode status = assertFailure(reply, 409, "AlreadyExists", "flunders.wardle.example.com \"a\" already exists");
    assertThat(status.path("details").path("name").asText()).isEqualTo("a");
    assertThat(status.path("details").path("group").asText()).isEqualTo("wardle.example.com");
    assertThat(status.path("details").path("kind").asText()).isEqualTo("flunders");
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("b");
  }

  @Test
  void createInAnotherNamespaceThanTheUrlIsBadRequest() {
    ObjectNode body = flunder("a", "b");
    ((ObjectNode) body.get("metadata")).put("namespace", "elsewhere");

    assertFailure(
        client.post(collection(ns), body.toString()),
        400,
        "BadRequest",
        "the namespace of the provided object does not match the namespace sent on the request");
  }

  @Test
  void createWithAnotherApiVersionThanTheUrlIsBadRequest() {
    ObjectNode body = flunder("a", "b");
    body.put("apiVersion", "wardle.example.com/v1beta1");

    assertFailure(
        client.post(collection(ns), body.toString()),
        400,
        "BadRequest",
        "the API version in the data (wardle.example.com/v1beta1) does not match the expected API version (wardle.example.com/v1alpha1)");
  }

  @Test
  void createWithAnotherKindIsBadRequest() {
    ObjectNode body = flunder("a", "b");
    body.put("kind", "Fischer");

    Reply reply = client.post(collection(ns), body.toString());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
    assertThat(reply.json().path("message").asText()).contains("Fischer").contains("Flunder");
    assertThat(client.get(object(ns, "a")).status()).isEqualTo(404);
  }

  @Test
  void createOfAnInvalidFlunderIsInvalidWithCauses() {
    String body = """
        {"apiVersion":"wardle.example.com/v1beta1","kind":"Flunder","metadata":{"name":"x"},"spec":{"referenceType":"Bogus"}}""";

    Reply reply = client.post(collection(Flunders.V1BETA1, ns), body);

    ObjectNode status = assertFailure(
        reply, 422, "Invalid", "Flunder.wardle.example.com \"x\" is invalid: spec.referenceType: Invalid value: \"Bogus\": must be Flunder or Fischer");
    ObjectNode details = (ObjectNode) status.get("details");
    assertThat(details.path("name").asText()).isEqualTo("x");
    assertThat(details.path("group").asText()).isEqualTo("wardle.example.com");
    assertThat(details.path("kind").asText()).isEqualTo("Flunder");
    assertThat(details.path("causes")).hasSize(1);
    ObjectNode cause = (ObjectNode) details.path("causes").get(0);
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(cause.path("message").asText()).isEqualTo("Invalid value: \"Bogus\": must be Flunder or Fischer");
    assertThat(cause.path("field").asText()).isEqualTo("spec.referenceType");
  }

  @Test
  void createChecksNamesAsPathSegments() {
    assertFailure(
        client.post(collection(ns), flunder("..", "b").toString()),
        422,
        "Invalid",
        "Flunder.wardle.example.com \"..\" is invalid: metadata.name: Invalid value: \"..\": may not be '..'");
    assertFailure(
        client.post(collection(ns), flunder("a%b", "b").toString()),
        422,
        "Invalid",
        "Flunder.wardle.example.com \"a%b\" is invalid: metadata.name: Invalid value: \"a%b\": may not contain '%'");
    ObjectNode nameless = flunder("", "b");
    ((ObjectNode) nameless.get("metadata")).remove("name");
    assertFailure(
        client.post(collection(ns), nameless.toString()),
        422,
        "Invalid",
        "Flunder.wardle.example.com \"\" is invalid: metadata.name: Required value: name or generateName is required");
    assertThat(client.get(collection(ns)).json().path("items")).isEmpty();
  }

  @Test
  void createWithDryRunStoresNothing() {
    Reply reply = client.post(collection(ns) + "?dryRun=All", flunder("a", "b").toString());

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().path("metadata").path("uid").asText()).isNotEmpty();
    assertFailure(client.get(object(ns, "a")), 404, "NotFound", "flunders.wardle.example.com \"a\" not found");
  }

  @Test
  void createWithAnUnknownDryRunValueIsInvalid() {
    assertFailure(
        client.post(collection(ns) + "?dryRun=Bogus", flunder("a", "b").toString()),
        422,
        "Invalid",
        "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"");
    assertThat(client.get(object(ns, "a")).status()).isEqualTo(404);
  }

  @Test
  void aV1beta1FlunderReadsBackAsV1alpha1() {
    String body = """
        {"apiVersion":"wardle.example.com/v1beta1","kind":"Flunder","metadata":{"name":"conv"},
         "spec":{"referenceType":"Fischer","fischerReference":"fish"}}""";
    Reply created = client.post(collection(Flunders.V1BETA1, ns), body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().path("apiVersion").asText()).isEqualTo("wardle.example.com/v1beta1");

    ObjectNode alpha = Flunders.get(client, ns, "conv");

    assertThat(alpha.path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
    assertThat(alpha.path("spec").path("reference").asText()).isEqualTo("fish");
    assertThat(alpha.path("spec").path("referenceType").asText()).isEqualTo("Fischer");
    assertThat(alpha.path("metadata").path("uid")).isEqualTo(created.json().path("metadata").path("uid"));
  }

  // ------------------------------------------------------------------ get

  @Test
  void getOfAMissingObjectIsNotFound() {
    ObjectNode status = assertFailure(client.get(object(ns, "missing")), 404, "NotFound", "flunders.wardle.example.com \"missing\" not found");

    assertThat(status.path("details").path("name").asText()).isEqualTo("missing");
    assertThat(status.path("details").path("group").asText()).isEqualTo("wardle.example.com");
    assertThat(status.path("details").path("kind").asText()).isEqualTo("flunders");
  }

  @Test
  void aGetRightAfterAnUpdateSeesTheUpdate() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ((ObjectNode) created.get("spec")).put("reference", "c");
    ObjectNode updated = client.put(object(ns, "a"), created.toString()).json();

    ObjectNode read = Flunders.get(client, ns, "a");

    assertThat(resourceVersion(read)).isEqualTo(resourceVersion(updated));
    assertThat(read.path("spec").path("reference").asText()).isEqualTo("c");
  }

  @Test
  void aGetAtResourceVersionZeroOrAtTheLastWriteAnswersThatObject() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply any = client.get(object(ns, "a") + "?resourceVersion=0");
    Reply notOlder = client.get(object(ns, "a") + "?resourceVersion=" + resourceVersion(created));

    assertThat(any.status()).isEqualTo(200);
    assertThat(resourceVersion(any.json())).isEqualTo(resourceVersion(created));
    assertThat(notOlder.status()).isEqualTo(200);
    assertThat(notOlder.json()).isEqualTo(any.json());
  }

  @Test
  void aGetAtAResourceVersionOfAMissingObjectIsNotFound() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.get(object(ns, "missing") + "?resourceVersion=" + resourceVersion(created));

    assertFailure(reply, 404, "NotFound", "flunders.wardle.example.com \"missing\" not found");
  }

  // ------------------------------------------------------------------ update

  @Test
  void updateAnswers200AndBumpsTheResourceVersion() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ((ObjectNode) created.get("spec")).put("reference", "c");

    Reply reply = client.put(object(ns, "a"), created.toString());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("spec").path("reference").asText()).isEqualTo("c");
    assertThat(Long.parseLong(resourceVersion(reply.json()))).isGreaterThan(Long.parseLong(resourceVersion(created)));
    assertThat(reply.json().path("metadata").path("uid")).isEqualTo(created.path("metadata").path("uid"));
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("c");
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheResourceVersion() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.put(object(ns, "a"), created.toString());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(resourceVersion(reply.json())).isEqualTo(resourceVersion(created));
  }

  @Test
  void updateFromAStaleResourceVersionIsConflict() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ObjectNode first = created.deepCopy();
    ((ObjectNode) first.get("spec")).put("reference", "c");
    assertThat(client.put(object(ns, "a"), first.toString()).status()).isEqualTo(200);
    ((ObjectNode) created.get("spec")).put("reference", "d");

    ObjectNode status = assertFailure(
        client.put(object(ns, "a"), created.toString()),
        409,
        "Conflict",
        "Operation cannot be fulfilled on flunders.wardle.example.com \"a\": the object has been modified; please apply your changes to the latest version and try again");
    assertThat(status.path("details").path("name").asText()).isEqualTo("a");
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("c");
  }

  @Test
  void updateWithoutAResourceVersionIsInvalid() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ((ObjectNode) created.get("metadata")).remove("resourceVersion");

    assertFailure(
        client.put(object(ns, "a"), created.toString()),
        422,
        "Invalid",
        "Flunder.wardle.example.com \"a\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
  }

  @Test
  void updateWithAnotherNameThanTheUrlIsBadRequest() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ((ObjectNode) created.get("metadata")).put("name", "b");

    assertFailure(
        client.put(object(ns, "a"), created.toString()),
        400,
        "BadRequest",
        "the name of the object (b) does not match the name on the URL (a)");
  }

  @Test
  void updateOfTheUidIsInvalid() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    ((ObjectNode) created.get("metadata")).put("uid", "00000000-0000-4000-8000-000000000000");

    Reply reply = client.put(object(ns, "a"), created.toString());

    ObjectNode status = assertFailure(
        reply, 422, "Invalid", "Flunder.wardle.example.com \"a\" is invalid: metadata.uid: Invalid value: \"00000000-0000-4000-8000-000000000000\": field is immutable");
    assertThat(status.path("details").path("causes").get(0).path("field").asText()).isEqualTo("metadata.uid");
  }

  @Test
  void updateOfAMissingObjectIsNotFound() {
    ObjectNode body = flunder("ghost", "b");
    ((ObjectNode) body.get("metadata")).put("resourceVersion", "5");

    assertFailure(client.put(object(ns, "ghost"), body.toString()), 404, "NotFound", "flunders.wardle.example.com \"ghost\" not found");
  }

  // ------------------------------------------------------------------ status subresource

  @Test
  void theStatusSubresourceWritesOnlyStatus() {
    ObjectNode created = createGadget(Gadgets.gadget("g", 1, "ignored"), Gadgets.collection(ns));
    assertThat(created.has("status") && created.path("status").has("phase")).as("create ignores status").isFalse();
    ObjectNode body = created.deepCopy();
    ((ObjectNode) body.get("spec")).put("size", 2);
    body.putObject("status").put("phase", "Running");
    ((ObjectNode) body.get("metadata")).putObject("annotations").put("a", "b");

    Reply reply = client.put(Gadgets.collection(ns) + "/g/status", body.toString());

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("status").path("phase").asText()).isEqualTo("Running");
    assertThat(reply.json().path("spec").path("size").asInt()).as("spec unchanged").isEqualTo(1);
    assertThat(reply.json().path("metadata").has("annotations")).as("metadata unchanged").isFalse();
  }

  @Test
  void writesOfTheMainResourceKeepTheStatus() {
    ObjectNode created = createGadget(Gadgets.gadget("g", 1, null), Gadgets.collection(ns));
    ObjectNode withStatus = created.deepCopy();
    withStatus.putObject("status").put("phase", "Running");
    Reply statusWrite = client.put(Gadgets.collection(ns) + "/g/status", withStatus.toString());
    assertThat(statusWrite.status()).as("%s", statusWrite).isEqualTo(200);
    ObjectNode body = statusWrite.json();
    ((ObjectNode) body.get("spec")).put("size", 3);
    ((ObjectNode) body.get("status")).put("phase", "Failed");

    Reply reply = client.put(Gadgets.collection(ns) + "/g", body.toString());

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("spec").path("size").asInt()).isEqualTo(3);
    assertThat(reply.json().path("status").path("phase").asText()).isEqualTo("Running");
  }

  private static ObjectNode createGadget(ObjectNode object, String collection) {
    Reply reply = client.post(collection, object.toString());
    assertThat(reply.status()).as("create %s", reply).isEqualTo(201);
    return reply.json();
  }
}
