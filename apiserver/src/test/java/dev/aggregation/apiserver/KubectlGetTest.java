package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubectl get in every output kubectl users reach for. Each test works in its own namespace, so what one test
 * creates never shows up in another's list.
 */
class KubectlGetTest {
  private static final Duration WATCH_WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  private static void createFlunder(String namespace, String name, String app) {
    Path manifest =
        kubectl.manifest(
            namespace + "-" + name + ".yaml",
            """
            apiVersion: wardle.example.com/v1beta1
            kind: Flunder
            metadata:
              name: %s
              namespace: %s
              labels:
                app: %s
            spec:
              flunderReference: %s-target
              referenceType: Flunder
            """
                .formatted(name, namespace, app, name));
    kubectl.succeed("create", "-f", manifest.toString());
  }

  private static List<List<String>> rows(String table) {
    return table.lines().map(line -> List.of(line.trim().split("\\s+"))).toList();
  }

  @Test
  void printsTheServerSideTableWithNameAndCreatedAtColumns() {
    createFlunder("table", "tabled", "web");

    List<List<String>> rows = rows(kubectl.succeed("get", "flunders", "-n", "table"));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly("NAME", "CREATED", "AT");
    assertThat(rows.get(1)).hasSize(2);
    assertThat(rows.get(1).get(0)).isEqualTo("tabled");
    assertThat(rows.get(1).get(1)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  void printsTheObjectAsJson() throws Exception {
    createFlunder("json", "jsoned", "web");

    JsonNode flunder = Json.mapper().readTree(kubectl.succeed("get", "flunder", "jsoned", "-n", "json", "-o", "json"));

    assertThat(flunder.path("apiVersion").asText()).isEqualTo("wardle.example.com/v1beta1");
    assertThat(flunder.path("kind").asText()).isEqualTo("Flunder");
    assertThat(flunder.path("metadata").path("namespace").asText()).isEqualTo("json");
    assertThat(flunder.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(flunder.path("spec").path("flunderReference").asText()).isEqualTo("jsoned-target");
  }

  @Test
  void printsTheListAsYaml() throws Exception {
    createFlunder("yaml", "yamled", "web");

    JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(kubectl.succeed("get", "flunders", "-n", "yaml", "-o", "yaml"));

    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(1);
    JsonNode item = list.path("items").get(0);
    assertThat(item.path("kind").asText()).isEqualTo("Flunder");
    assertThat(item.path("metadata").path("name").asText()).isEqualTo("yamled");
    assertThat(item.path("spec").path("referenceType").asText()).isEqualTo("Flunder");
  }

  @Test
  void printsResourceQualifiedNames() {
    createFlunder("names", "a", "web");
    createFlunder("names", "b", "web");

    assertThat(kubectl.succeed("get", "flunders", "-n", "names", "-o", "name").lines())
        .containsExactly("flunder.wardle.example.com/a", "flunder.wardle.example.com/b");
  }

  @Test
  void listsOnlyWhatTheLabelSelectorMatches() {
    createFlunder("labels", "front", "web");
    createFlunder("labels", "back", "db");

    assertThat(kubectl.succeed("get", "flunders", "-n", "labels", "-l", "app=web", "-o", "name").lines())
        .containsExactly("flunder.wardle.example.com/front");
    assertThat(kubectl.succeed("get", "flunders", "-n", "labels", "-l", "app notin (web)", "-o", "name").lines())
        .containsExactly("flunder.wardle.example.com/back");
  }

  @Test
  void followsContinueTokensUntilEveryChunkIsListed() {
    for (int i = 1; i <= 5; i++) {
      createFlunder("chunks", "chunk-" + i, "web");
    }

    // -v=6 logs every request, which shows kubectl really paged through the list
    Kubectl.Result result = kubectl.run("get", "flunders", "-n", "chunks", "--chunk-size=1", "-v=6");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(rows(result.stdout()).stream().skip(1).map(row -> row.get(0)))
        .containsExactly("chunk-1", "chunk-2", "chunk-3", "chunk-4", "chunk-5");
    assertThat(result.stderr().lines().filter(line -> line.contains("GET https://") && line.contains("continue=")))
        .hasSize(4);
  }

  @Test
  void listsAcrossAllNamespacesWithANamespaceColumn() {
    createFlunder("everywhere-a", "here", "web");
    createFlunder("everywhere-b", "there", "web");

    List<List<String>> rows = rows(kubectl.succeed("get", "flunders", "-A"));

    assertThat(rows.get(0)).containsExactly("NAMESPACE", "NAME", "CREATED", "AT");
    assertThat(rows.stream().map(row -> row.get(0) + "/" + row.get(1)))
        .contains("everywhere-a/here", "everywhere-b/there");
  }

  @Test
  void watchPrintsARowForEveryEventAfterTheInitialList() {
    createFlunder("watched", "existing", "web");

    try (Kubectl.Background watch =
        kubectl.start("get", "flunders", "-n", "watched", "-w", "--output-watch-events", "--request-timeout=60s")) {
      await("the initial list").atMost(WATCH_WAIT).until(() -> watch.stdoutSoFar().contains("existing"));

      createFlunder("watched", "arriving", "web");
      kubectl.succeed("label", "flunder", "existing", "-n", "watched", "touched=yes");
      kubectl.succeed("delete", "flunder", "arriving", "-n", "watched");

      await("the events of the changes")
          .atMost(WATCH_WAIT)
          .untilAsserted(
              () ->
                  assertThat(rows(watch.stdoutSoFar()).stream().map(row -> row.get(0) + " " + row.get(1)))
                      .containsExactly(
                          "EVENT NAME", "ADDED existing", "ADDED arriving", "MODIFIED existing", "DELETED arriving"));
    }
  }
}
