package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.allNamespaces;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.labelled;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** LIST: the list object, selectors, paging with continue tokens, and resourceVersion semantics. */
class ListAndPagingTest {
  /** Where the selector tests' flunders live: a {env=prod,tier=web}, b {env=dev}, c (no labels). */
  private static final String SELECTED = "selected";

  @TempDir static Path directory;
  private static TestApiServer server;
  private static TestClient client;
  private String ns;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.start(directory);
    client = server.admin();
    create(client, SELECTED, labelled("a", "env", "prod", "tier", "web"));
    create(client, SELECTED, labelled("b", "env", "dev"));
    create(client, SELECTED, labelled("c"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void namespace(TestInfo info) {
    ns = Flunders.namespace(info);
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
    return names;
  }

  private static ObjectNode list(String path) {
    Reply reply = client.get(path);
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json();
  }

  @Test
  void anEmptyListIsAFlunderListWithNoItems() {
    ObjectNode list = list(collection(ns));

    assertThat(list.path("kind").asText()).isEqualTo("FlunderList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
    assertThat(list.path("items").isArray()).as("items is [] rather than null").isTrue();
    assertThat(list.path("items")).isEmpty();
    assertThat(list.path("metadata").path("resourceVersion").asText()).matches("[1-9][0-9]*");
  }

  @Test
  void theAllNamespacesListHasEveryNamespace() {
    create(client, ns + "-1", flunder("one", "x"));
    create(client, ns + "-2", flunder("two", "x"));

    ObjectNode list = list(allNamespaces());

    List<String> mine = new ArrayList<>();
    list.path("items").forEach(item -> {
      String namespace = item.path("metadata").path("namespace").asText();
      if (namespace.startsWith(ns)) {
        mine.add(namespace + "/" + item.path("metadata").path("name").asText());
      }
    });
    assertThat(mine).containsExactly(ns + "-1/one", ns + "-2/two");
  }

  static Stream<Arguments> labelSelectors() {
    return Stream.of(
        Arguments.of("env=prod", List.of("a")),
        Arguments.of("env==prod", List.of("a")),
        Arguments.of("env!=prod", List.of("b", "c")),
        Arguments.of("env in (prod,dev)", List.of("a", "b")),
        Arguments.of("env notin (prod)", List.of("b", "c")),
        Arguments.of("env", List.of("a", "b")),
        Arguments.of("!env", List.of("c")),
        Arguments.of("env=prod,tier=web", List.of("a")),
        Arguments.of("env=prod,tier!=web", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labelSelectors")
  void listsWhatTheLabelSelectorMatches(String selector, List<String> expected) {
    assertThat(names(list(collection(SELECTED) + "?labelSelector=" + query(selector)))).containsExactlyElementsOf(expected);
  }

  @Test
  void listsWhatTheFieldSelectorMatches() {
    assertThat(names(list(collection(SELECTED) + "?fieldSelector=" + query("metadata.name=b")))).containsExactly("b");
    assertThat(names(list(collection(SELECTED) + "?fieldSelector=" + query("metadata.name!=b")))).containsExactly("a", "c");
    assertThat(names(list(allNamespaces() + "?fieldSelector=" + query("metadata.namespace=" + SELECTED)))).containsExactly("a", "b", "c");
    assertThat(names(list(allNamespaces() + "?fieldSelector=" + query("metadata.namespace==" + SELECTED + ",metadata.name=c"))))
        .containsExactly("c");
  }

  @Test
  void anUnknownFieldSelectorIsBadRequest() {
    assertFailure(
        client.get(collection(SELECTED) + "?fieldSelector=" + query("spec.reference=x")),
        400,
        "BadRequest",
        "\"spec.reference\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
  }

  @Test
  void malformedSelectorsAreBadRequests() {
    for (String selector : List.of("env in (prod", "env=prod,,", "=x", "a b")) {
      Reply reply = client.get(collection(SELECTED) + "?labelSelector=" + query(selector));
      assertThat(reply.status()).as("labelSelector %s: %s", selector, reply).isEqualTo(400);
      assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
    }
    for (String selector : List.of("metadata.name", "metadata.name in (a)")) {
      Reply reply = client.get(collection(SELECTED) + "?fieldSelector=" + query(selector));
      assertThat(reply.status()).as("fieldSelector %s: %s", selector, reply).isEqualTo(400);
      assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
    }
  }

  @Test
  void pagesFollowContinueTokensAtTheRevisionOfTheFirstPage() {
    for (String name : List.of("p1", "p2", "p3", "p4", "p5")) {
      create(client, ns, flunder(name, "x"));
    }

    ObjectNode first = list(collection(ns) + "?limit=2");
    create(client, ns, flunder("p6", "x"));
    String token = first.path("metadata").path("continue").asText();
    ObjectNode second = list(collection(ns) + "?limit=2&continue=" + query(token));
    ObjectNode third = list(collection(ns) + "?limit=2&continue=" + query(second.path("metadata").path("continue").asText()));

    assertThat(names(first)).containsExactly("p1", "p2");
    assertThat(token).isNotEmpty();
    assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);
    assertThat(names(second)).containsExactly("p3", "p4");
    assertThat(second.path("metadata").path("remainingItemCount").asLong()).isEqualTo(1);
    assertThat(names(third)).as("p6 came after the first page's revision").containsExactly("p5");
    assertThat(third.path("metadata").has("continue")).isFalse();
    assertThat(third.path("metadata").has("remainingItemCount")).isFalse();
    assertThat(resourceVersion(second)).isEqualTo(resourceVersion(first));
    assertThat(resourceVersion(third)).isEqualTo(resourceVersion(first));
  }

  @Test
  void aFilteredPageHasNoRemainingItemCount() {
    ObjectNode page = list(collection(SELECTED) + "?limit=1&labelSelector=env");

    assertThat(names(page)).containsExactly("a");
    assertThat(page.path("metadata").path("continue").asText()).isNotEmpty();
    assertThat(page.path("metadata").has("remainingItemCount")).isFalse();
  }

  @Test
  void anInvalidContinueTokenIsBadRequest() {
    Reply reply = client.get(collection(SELECTED) + "?limit=1&continue=not-a-token");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("reason").asText()).isEqualTo("BadRequest");
    assertThat(reply.json().path("message").asText()).startsWith("invalid continue token: continue key is not valid");
  }

  @Test
  void resourceVersionZeroServesTheState() {
    assertThat(names(list(collection(SELECTED) + "?resourceVersion=0"))).containsExactly("a", "b", "c");
  }

  @Test
  void aResourceVersionNotYetReachedTimesOutAfterWaiting() {
    long future = server.storage().currentRevision() + 1000;

    Reply reply = client.get(collection(SELECTED) + "?resourceVersion=" + future + "&resourceVersionMatch=NotOlderThan");

    assertThat(reply.status()).as("%s", reply).isEqualTo(504);
    ObjectNode status = reply.json();
    assertThat(status.path("reason").asText()).isEqualTo("Timeout");
    assertThat(status.path("message").asText()).matches("Too large resource version: " + future + ", current: \\d+");
    assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("ResourceVersionTooLarge");
    assertThat(status.path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
    assertThat(reply.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void anExactResourceVersionShowsTheStateThen() {
    ObjectNode created = create(client, ns, flunder("a", "before"));
    ((ObjectNode) created.get("spec")).put("reference", "after");
    assertThat(client.put(Flunders.object(ns, "a"), created.toString()).status()).isEqualTo(200);

    ObjectNode then = list(collection(ns) + "?resourceVersion=" + resourceVersion(created) + "&resourceVersionMatch=Exact");
    ObjectNode now = list(collection(ns));

    assertThat(then.path("items").get(0).path("spec").path("reference").asText()).isEqualTo("before");
    assertThat(resourceVersion(then)).isEqualTo(resourceVersion(created));
    assertThat(now.path("items").get(0).path("spec").path("reference").asText()).isEqualTo("after");
  }

  @Test
  void resourceVersionMatchIsValidated() {
    assertFailure(
        client.get(collection(SELECTED) + "?resourceVersionMatch=Exact"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
    assertFailure(
        client.get(collection(SELECTED) + "?resourceVersion=0&resourceVersionMatch=Exact"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
    assertFailure(
        client.get(collection(SELECTED) + "?resourceVersion=1&resourceVersionMatch=Bogus"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
    assertFailure(
        client.get(collection(SELECTED) + "?sendInitialEvents=true"),
        422,
        "Invalid",
        "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
  }
}
