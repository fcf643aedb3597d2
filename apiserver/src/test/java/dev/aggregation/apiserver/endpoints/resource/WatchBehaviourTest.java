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
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import dev.aggregation.apiserver.server.WatchStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WATCH: start semantics, bookmarks, watch-list, expiry after compaction, timeouts, selectors and Table events. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchBehaviourTest {
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

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

  private static String type(JsonNode event) {
    return event.path("type").asText();
  }

  private static String name(JsonNode event) {
    return event.path("object").path("metadata").path("name").asText();
  }

  private static ObjectNode patchReference(String ns, String name, String reference) {
    Reply reply = client.patch(object(ns, name), "application/merge-patch+json", "{\"spec\":{\"reference\":\"" + reference + "\"}}");
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json();
  }

  @Test
  void aWatchWithoutResourceVersionStartsWithTheStateAsAddedEvents() {
    create(client, ns, flunder("a", "x"));
    create(client, ns, flunder("b", "x"));

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true")) {
      assertThat(watch.status()).isEqualTo(200);
      assertThat(watch.header("Content-Type")).isEqualTo("application/json");
      ObjectNode first = watch.next();
      ObjectNode second = watch.next();
      create(client, ns, flunder("c", "x"));
      ObjectNode third = watch.next();

      assertThat(List.of(type(first), name(first))).containsExactly("ADDED", "a");
      assertThat(first.path("object").path("kind").asText()).isEqualTo("Flunder");
      assertThat(first.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
      assertThat(List.of(type(second), name(second))).containsExactly("ADDED", "b");
      assertThat(List.of(type(third), name(third))).containsExactly("ADDED", "c");
    }
  }

  @Test
  void aWatchFromAResourceVersionStreamsOnlyLaterEvents() {
    ObjectNode created = create(client, ns, flunder("a", "x"));
    ObjectNode modified = patchReference(ns, "a", "y");

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true&resourceVersion=" + resourceVersion(created))) {
      ObjectNode first = watch.next();
      assertThat(client.delete(object(ns, "a")).status()).isEqualTo(200);
      ObjectNode second = watch.next();

      assertThat(type(first)).isEqualTo("MODIFIED");
      assertThat(first.path("object").path("spec").path("reference").asText()).isEqualTo("y");
      assertThat(resourceVersion((ObjectNode) first.path("object"))).isEqualTo(resourceVersion(modified));
      assertThat(type(second)).isEqualTo("DELETED");
      assertThat(Long.parseLong(resourceVersion((ObjectNode) second.path("object")))).isGreaterThan(Long.parseLong(resourceVersion(modified)));
    }
  }

  @Test
  void watchesOfOneWriteInTwoVersionsAndAsTablesEachGetTheirOwnEncoding() {
    ObjectNode before = create(client, ns, flunder("before", "x"));
    String from = "?watch=true&resourceVersion=" + resourceVersion(before);
    try (WatchStream alpha1 = client.watch(collection(ns) + from);
        WatchStream alpha2 = client.watch(collection(ns) + from);
        WatchStream beta = client.watch(collection(Flunders.V1BETA1, ns) + from);
        WatchStream table = client.watch(collection(ns) + from, "Accept", TABLE)) {
      create(client, ns, flunder("shared", "x"));

      ObjectNode first = alpha1.next();
      ObjectNode second = alpha2.next();
      ObjectNode inBeta = beta.next();
      ObjectNode asTable = table.next();

      assertThat(first).isEqualTo(second);
      assertThat(first.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
      assertThat(first.path("object").path("spec").path("reference").asText()).isEqualTo("x");
      assertThat(inBeta.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1beta1");
      assertThat(inBeta.path("object").path("spec").path("flunderReference").asText()).isEqualTo("x");
      assertThat(asTable.path("object").path("kind").asText()).isEqualTo("Table");
      assertThat(List.of(type(first), type(inBeta), type(asTable))).containsOnly("ADDED");
    }
  }

  @Test
  void aWatchFromACompactedResourceVersionGetsOneExpiredError() {
    ObjectNode created = create(client, ns, flunder("a", "x"));
    patchReference(ns, "a", "y");
    patchReference(ns, "a", "z");
    long compacted = server.storage().currentRevision();
    server.storage().compact(compacted);

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true&resourceVersion=" + resourceVersion(created))) {
      List<ObjectNode> events = watch.untilEnd();

      assertThat(watch.status()).isEqualTo(200);
      assertThat(events).hasSize(1);
      assertThat(type(events.get(0))).isEqualTo("ERROR");
      JsonNode status = events.get(0).path("object");
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
      assertThat(status.path("status").asText()).isEqualTo("Failure");
      assertThat(status.path("code").asInt()).isEqualTo(410);
      assertThat(status.path("reason").asText()).isEqualTo("Expired");
      assertThat(status.path("message").asText()).matches("too old resource version: " + resourceVersion(created) + " \\(\\d+\\)");
    }
  }

  @Test
  void bookmarksCarryTheResourceVersionTheWatchHasReached() {
    ObjectNode created = create(client, ns, flunder("a", "x"));

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + resourceVersion(created))) {
      ObjectNode bookmark = watch.next();

      assertThat(type(bookmark)).isEqualTo("BOOKMARK");
      assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("Flunder");
      assertThat(bookmark.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
      assertThat(Long.parseLong(bookmark.path("object").path("metadata").path("resourceVersion").asText()))
          .isGreaterThanOrEqualTo(Long.parseLong(resourceVersion(created)));
    }
  }

  @Test
  void aWatchListEndsItsInitialEventsWithAnAnnotatedBookmark() {
    ObjectNode created = create(client, ns, flunder("a", "x"));

    try (WatchStream watch =
        client.watch(collection(ns) + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")) {
      ObjectNode added = watch.next();
      ObjectNode end = watch.next();
      create(client, ns, flunder("b", "x"));
      ObjectNode live = watch.nextChange();

      assertThat(List.of(type(added), name(added))).containsExactly("ADDED", "a");
      assertThat(type(end)).isEqualTo("BOOKMARK");
      assertThat(end.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end").asText()).isEqualTo("true");
      assertThat(Long.parseLong(end.path("object").path("metadata").path("resourceVersion").asText()))
          .isGreaterThanOrEqualTo(Long.parseLong(resourceVersion(created)));
      assertThat(List.of(type(live), name(live))).containsExactly("ADDED", "b");
    }
  }

  @Test
  void invalidWatchListParametersAreInvalid() {
    assertFailure(
        client.get(collection(ns) + "?watch=true&sendInitialEvents=true"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    assertFailure(
        client.get(collection(ns) + "?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
  }

  @Test
  void timeoutSecondsEndsTheStreamCleanly() {
    create(client, ns, flunder("a", "x"));

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true&timeoutSeconds=1")) {
      List<ObjectNode> events = watch.untilEnd();

      assertThat(events).extracting(WatchBehaviourTest::type).containsExactly("ADDED");
    }
  }

  @Test
  void anObjectThatStopsMatchingTheSelectorIsDeletedForTheWatcher() {
    create(client, ns, labelled("a", "x", "1"));

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true&labelSelector=x%3D1")) {
      assertThat(type(watch.next())).isEqualTo("ADDED");
      Reply relabel = client.patch(object(ns, "a"), "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"x\":\"2\"}}}");
      ObjectNode gone = watch.next();

      assertThat(type(gone)).isEqualTo("DELETED");
      assertThat(gone.path("object").path("metadata").path("labels").path("x").asText())
          .as("the last state the watcher could see").isEqualTo("1");
      assertThat(resourceVersion((ObjectNode) gone.path("object"))).isEqualTo(resourceVersion(relabel.json()));
    }
  }

  @Test
  void aTableWatchSendsOneRowTablesWithColumnsOnlyFirst() {
    create(client, ns, flunder("a", "x"));

    try (WatchStream watch = client.watch(collection(ns) + "?watch=true", "Accept", TABLE)) {
      ObjectNode first = watch.next();
      create(client, ns, flunder("b", "x"));
      ObjectNode second = watch.next();

      assertThat(type(first)).isEqualTo("ADDED");
      assertThat(first.path("object").path("kind").asText()).isEqualTo("Table");
      assertThat(first.path("object").path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
      assertThat(first.path("object").path("columnDefinitions")).extracting(c -> c.path("name").asText()).containsExactly("Name", "Created At");
      assertThat(first.path("object").path("rows")).hasSize(1);
      assertThat(first.path("object").path("rows").get(0).path("cells").get(0).asText()).isEqualTo("a");
      assertThat(second.path("object").path("kind").asText()).isEqualTo("Table");
      assertThat(second.path("object").path("columnDefinitions")).isEmpty();
      assertThat(second.path("object").path("rows")).hasSize(1);
      assertThat(second.path("object").path("rows").get(0).path("cells").get(0).asText()).isEqualTo("b");
      assertThat(second.path("object").path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }
  }
}
