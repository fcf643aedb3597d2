package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** PATCH: JSON merge patch, JSON patch, server-side apply, and the patch types that are refused. */
class PatchBehaviourTest {
  private static final String MERGE = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String APPLY = "application/apply-patch+yaml";
  private static final String UNSUPPORTED =
      "the body of the request was in an unknown format - accepted media types include: "
          + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

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

  private static String applyConfiguration(String name, String reference) {
    return """
        apiVersion: wardle.example.com/v1alpha1
        kind: Flunder
        metadata:
          name: %s
        spec:
          reference: %s
        """.formatted(name, reference);
  }

  private static List<String> managers(ObjectNode object) {
    List<String> managers = new ArrayList<>();
    object.path("metadata").path("managedFields").forEach(entry -> managers.add(entry.path("manager").asText() + "/" + entry.path("operation").asText()));
    return managers;
  }

  @Test
  void aMergePatchChangesWhatItNames() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.patch(object(ns, "a"), MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{\"reference\":\"m\"}}");

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("metadata").path("labels").path("x").asText()).isEqualTo("y");
    assertThat(reply.json().path("spec").path("reference").asText()).isEqualTo("m");
    assertThat(reply.json().path("spec").path("referenceType").asText()).isEqualTo("Flunder");
    assertThat(reply.json().path("metadata").path("uid")).isEqualTo(created.path("metadata").path("uid"));
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("m");
  }

  @Test
  void aMergePatchCarryingAStaleResourceVersionIsConflict() {
    ObjectNode created = create(client, ns, flunder("a", "b"));
    assertThat(client.patch(object(ns, "a"), MERGE, "{\"spec\":{\"reference\":\"c\"}}").status()).isEqualTo(200);

    assertFailure(
        client.patch(object(ns, "a"), MERGE, "{\"metadata\":{\"resourceVersion\":\"" + resourceVersion(created) + "\"},\"spec\":{\"reference\":\"d\"}}"),
        409,
        "Conflict",
        "Operation cannot be fulfilled on flunders.wardle.example.com \"a\": the object has been modified; please apply your changes to the latest version and try again");
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("c");
  }

  @Test
  void aJsonPatchAppliesItsOperations() {
    create(client, ns, flunder("a", "b"));

    Reply reply = client.patch(
        object(ns, "a"),
        JSON_PATCH,
        "[{\"op\":\"test\",\"path\":\"/spec/reference\",\"value\":\"b\"},{\"op\":\"replace\",\"path\":\"/spec/reference\",\"value\":\"j\"},"
            + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"k\":\"v\"}}]");

    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.json().path("spec").path("reference").asText()).isEqualTo("j");
    assertThat(reply.json().path("metadata").path("annotations").path("k").asText()).isEqualTo("v");
  }

  @Test
  void aJsonPatchWhoseTestFailsIsInvalidAndChangesNothing() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    Reply reply = client.patch(
        object(ns, "a"),
        JSON_PATCH,
        "[{\"op\":\"test\",\"path\":\"/spec/reference\",\"value\":\"nope\"},{\"op\":\"replace\",\"path\":\"/spec/reference\",\"value\":\"j\"}]");

    assertThat(reply.status()).as("%s", reply).isEqualTo(422);
    assertThat(reply.json().path("reason").asText()).isEqualTo("Invalid");
    assertThat(Flunders.get(client, ns, "a")).isEqualTo(created);
  }

  @Test
  void aPatchOfAMissingObjectIsNotFound() {
    assertFailure(
        client.patch(object(ns, "ghost"), MERGE, "{\"spec\":{\"reference\":\"m\"}}"),
        404,
        "NotFound",
        "flunders.wardle.example.com \"ghost\" not found");
  }

  @Test
  void applyCreatesThenUpdates() {
    Reply created = client.patch(object(ns, "a") + "?fieldManager=alice", APPLY, applyConfiguration("a", "one"));
    Reply updated = client.patch(object(ns, "a") + "?fieldManager=alice", APPLY, applyConfiguration("a", "two"));

    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().path("spec").path("reference").asText()).isEqualTo("one");
    assertThat(managers(created.json())).containsExactly("alice/Apply");
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(updated.json().path("spec").path("reference").asText()).isEqualTo("two");
    assertThat(updated.json().path("metadata").path("uid")).isEqualTo(created.json().path("metadata").path("uid"));
  }

  @Test
  void applyWithoutAFieldManagerIsInvalid() {
    assertFailure(
        client.patch(object(ns, "a"), APPLY, applyConfiguration("a", "one")),
        422,
        "Invalid",
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    assertThat(client.get(object(ns, "a")).status()).isEqualTo(404);
  }

  @Test
  void applyOfAFieldAnotherManagerOwnsIsConflictUnlessForced() {
    assertThat(client.patch(object(ns, "a") + "?fieldManager=alice", APPLY, applyConfiguration("a", "alices")).status()).isEqualTo(201);

    Reply conflict = client.patch(object(ns, "a") + "?fieldManager=bob", APPLY, applyConfiguration("a", "bobs"));

    ObjectNode status = assertFailure(conflict, 409, "Conflict", "Apply failed with 1 conflict: conflict with \"alice\": .spec.reference");
    JsonNode cause = status.path("details").path("causes").get(0);
    assertThat(cause.path("reason").asText()).isEqualTo("FieldManagerConflict");
    assertThat(cause.path("field").asText()).isEqualTo(".spec.reference");
    assertThat(cause.path("message").asText()).isEqualTo("conflict with \"alice\"");
    assertThat(Flunders.get(client, ns, "a").path("spec").path("reference").asText()).isEqualTo("alices");

    Reply forced = client.patch(object(ns, "a") + "?fieldManager=bob&force=true", APPLY, applyConfiguration("a", "bobs"));

    assertThat(forced.status()).as("%s", forced).isEqualTo(200);
    assertThat(forced.json().path("spec").path("reference").asText()).isEqualTo("bobs");
    assertThat(managers(forced.json())).contains("bob/Apply");
  }

  @Test
  void forceIsOnlyForApply() {
    create(client, ns, flunder("a", "b"));

    assertFailure(
        client.patch(object(ns, "a") + "?force=true", MERGE, "{\"spec\":{\"reference\":\"m\"}}"),
        422,
        "Invalid",
        "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
  }

  @Test
  void strategicMergePatchIsUnsupported() {
    ObjectNode created = create(client, ns, flunder("a", "b"));

    assertFailure(
        client.patch(object(ns, "a"), "application/strategic-merge-patch+json", "{\"spec\":{\"reference\":\"m\"}}"),
        415,
        "UnsupportedMediaType",
        UNSUPPORTED);
    assertThat(Flunders.get(client, ns, "a")).isEqualTo(created);
  }

  @Test
  void anUnknownPatchTypeIsUnsupported() {
    create(client, ns, flunder("a", "b"));

    assertFailure(client.patch(object(ns, "a"), "text/plain", "spec.reference=m"), 415, "UnsupportedMediaType", UNSUPPORTED);
  }
}
