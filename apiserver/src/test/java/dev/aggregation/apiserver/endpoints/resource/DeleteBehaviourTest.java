package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.labelled;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** DELETE and DELETECOLLECTION: the Success Status, preconditions, finalizers, options validation, dry runs. */
class DeleteBehaviourTest {
  private static final String FINALIZER = "example.com/keep";

  @TempDir static Path directory;
  private static TestApiServer server;
  private static TestClient client;
  private String ns;

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
  void namespace(TestInfo info) {
    ns = Flunders.namespace(info);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
    return names;
  }

  private static ObjectNode withFinalizer(String name) {
    ObjectNode flunder = flunder(name, "b");
    ((ObjectNode) flunder.get("metadata")).putArray("finalizers").add(FINALIZER);
    return flunder;
  }

  @Test
  void deleteAnswersASuccessStatusNamingTheResource() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.deleteWithOptions(object(ns, "a"), "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\"}");

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    ObjectNode status = reply.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("status").asText()).isEqualTo("Success");
    assertThat(status.path("details").path("name").asText()).isEqualTo("a");
    assertThat(status.path("details").path("group").asText()).isEqualTo("wardle.example.com");
    assertThat(status.path("details").path("kind").asText()).isEqualTo("flunders");
    assertThat(status.path("details").path("uid").asText()).isEqualTo(created.path("metadata").path("uid").asText());
    assertFailure(client.get(object(ns, "a")), 404, "NotFound", "flunders.wardle.example.com \"a\" not found");
  }

  @Test
  void deleteOfAMissingObjectIsNotFound() {
    assertFailure(client.delete(object(ns, "ghost")), 404, "NotFound", "flunders.wardle.example.com \"ghost\" not found");
  }

  @Test
  void aUidPreconditionThatDoesNotHoldIsConflict() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    String uid = created.path("metadata").path("uid").asText();

    assertFailure(
        client.deleteWithOptions(object(ns, "a"), "{\"preconditions\":{\"uid\":\"other-uid\"}}"),
        409,
        "Conflict",
        "Operation cannot be fulfilled on flunders.wardle.example.com \"a\": Precondition failed: UID in precondition: other-uid, UID in object meta: " + uid);
    assertThat(Flunders.get(client, ns, "a")).isEqualTo(created);
  }

  @Test
  void aResourceVersionPreconditionThatDoesNotHoldIsConflict() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    assertFailure(
        client.deleteWithOptions(object(ns, "a"), "{\"preconditions\":{\"resourceVersion\":\"1\"}}"),
        409,
        "Conflict",
        "Operation cannot be fulfilled on flunders.wardle.example.com \"a\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in meta: "
            + resourceVersion(created));
    Reply matching = client.deleteWithOptions(
        object(ns, "a"), "{\"preconditions\":{\"uid\":\"" + created.path("metadata").path("uid").asText() + "\",\"resourceVersion\":\"" + resourceVersion(created) + "\"}}");
    assertThat(matching.status()).as("%s", matching).isEqualTo(200);
  }

  @Test
  void finalizersKeepADeletedObjectUntilTheLastIsRemoved() {
    create(client, ns, withFinalizer("a"));

    Reply deleting = client.delete(object(ns, "a"));

    assertThat(deleting.status()).as("%s", deleting).isEqualTo(200);
    ObjectNode marked = deleting.json();
    assertThat(marked.path("kind").asText()).isEqualTo("Flunder");
    assertThat(marked.path("metadata").path("deletionTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(marked.path("metadata").path("deletionGracePeriodSeconds").asInt(-1)).isZero();
    assertThat(Flunders.get(client, ns, "a").path("metadata").path("deletionTimestamp")).isEqualTo(marked.path("metadata").path("deletionTimestamp"));

    ObjectNode released = marked.deepCopy();
    ((ObjectNode) released.get("metadata")).remove("finalizers");
    Reply update = client.put(object(ns, "a"), released.toString());

    assertThat(update.status()).as("%s", update).isEqualTo(200);
    assertFailure(client.get(object(ns, "a")), 404, "NotFound", "flunders.wardle.example.com \"a\" not found");
  }

  @Test
  void noFinalizerMayBeAddedWhileDeleting() {
    create(client, ns, withFinalizer("a"));
    ObjectNode marked = client.delete(object(ns, "a")).json();
    ((ArrayNode) marked.path("metadata").path("finalizers")).add("example.com/other");

    assertFailure(
        client.put(object(ns, "a"), marked.toString()),
        422,
        "Invalid",
        "Flunder.wardle.example.com \"a\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
            + "found new finalizers []string{\"example.com/other\"}");
    assertThat(Flunders.get(client, ns, "a").path("metadata").path("finalizers")).hasSize(1);
  }

  @Test
  void anUnknownPropagationPolicyIsInvalid() {
    create(client, ns, flunder("a", "b"));

    assertFailure(
        client.delete(object(ns, "a") + "?propagationPolicy=Bogus"),
        422,
        "Invalid",
        "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Bogus\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
    assertThat(client.get(object(ns, "a")).status()).isEqualTo(200);
  }

  @Test
  void aDryRunDeleteKeepsTheObject() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.delete(object(ns, "a") + "?dryRun=All");

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("status").asText()).isEqualTo("Success");
    assertThat(Flunders.get(client, ns, "a")).isEqualTo(created);
  }

  @Test
  void deleteCollectionDeletesWhatTheSelectorMatchesAndReturnsIt() {
    create(client, ns, labelled("a", "x", "1"));
    create(client, ns, labelled("b", "x", "1"));
    create(client, ns, labelled("c", "x", "2"));

    Reply reply = client.delete(collection(ns) + "?labelSelector=x%3D1");

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("kind").asText()).isEqualTo("FlunderList");
    assertThat(names(reply.json())).containsExactly("a", "b");
    assertThat(names(client.get(collection(ns)).json())).containsExactly("c");
  }
}
