package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Accept header asks for: Table (kubectl get), PartialObjectMetadata (metadata clients), YAML, 406. */
class TableAndMetadataTest {
  private static final String NS = "output";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  @TempDir static Path directory;
  private static TestApiServer server;
  private static TestClient client;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.start(directory);
    client = server.admin();
    create(client, NS, flunder("a", "x"));
    create(client, NS, flunder("b", "y"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode ok(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json();
  }

  @Test
  void aTableListHasTheDefaultColumnsAndMetadataRowObjects() {
    Reply reply = client.get(collection(NS), "Accept", TABLE + ",application/json");
    ObjectNode table = ok(reply);

    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("metadata").path("resourceVersion").asText()).isNotEmpty();
    assertThat(table.path("columnDefinitions")).extracting(c -> c.path("name").asText() + ":" + c.path("type").asText() + ":" + c.path("format").asText())
        .containsExactly("Name:string:name", "Created At:date:");
    assertThat(table.path("rows")).extracting(r -> r.path("cells").get(0).asText()).containsExactly("a", "b");
    JsonNode rowObject = table.path("rows").get(0).path("object");
    assertThat(rowObject.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(rowObject.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(rowObject.path("metadata").path("name").asText()).isEqualTo("a");
    assertThat(rowObject.has("spec")).isFalse();
  }

  @Test
  void includeObjectChoosesWhatRowsCarry() {
    ObjectNode none = ok(client.get(collection(NS) + "?includeObject=None", "Accept", TABLE));
    ObjectNode whole = ok(client.get(collection(NS) + "?includeObject=Object", "Accept", TABLE));
    ObjectNode metadata = ok(client.get(collection(NS) + "?includeObject=Metadata", "Accept", TABLE));

    assertThat(none.path("rows").get(0).has("object")).isFalse();
    assertThat(whole.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("Flunder");
    assertThat(whole.path("rows").get(0).path("object").path("spec").path("reference").asText()).isEqualTo("x");
    assertThat(metadata.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
  }

  @Test
  void aTableOfOneObjectHasOneRow() {
    ObjectNode table = ok(client.get(object(NS, "b"), "Accept", TABLE));

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("rows")).hasSize(1);
    assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("b");
  }

  @Test
  void partialObjectMetadataCarriesOnlyTypeAndMetadata() {
    ObjectNode single = ok(client.get(object(NS, "a"), "Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
    ObjectNode list = ok(client.get(collection(NS), "Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"));

    assertThat(single.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(single.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(single.path("metadata").path("name").asText()).isEqualTo("a");
    assertThat(single.has("spec")).isFalse();
    assertThat(list.path("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(list.path("metadata").path("resourceVersion").asText()).isNotEmpty();
    assertThat(list.path("items")).extracting(i -> i.path("metadata").path("name").asText()).containsExactly("a", "b");
    assertThat(list.path("items").get(0).has("spec")).isFalse();
  }

  @Test
  void yamlIsServedWhenAsked() throws Exception {
    Reply reply = client.get(object(NS, "a"), "Accept", "application/yaml");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).isEqualTo("application/yaml");
    JsonNode object = new YAMLMapper().readTree(reply.body());
    assertThat(object.path("kind").asText()).isEqualTo("Flunder");
    assertThat(object.path("metadata").path("name").asText()).isEqualTo("a");
  }

  @Test
  void anAcceptTheServerCannotSatisfyIsNotAcceptable() {
    Reply reply = client.get(object(NS, "a"), "Accept", "application/vnd.kubernetes.protobuf");

    assertThat(reply.status()).as("%s", reply).isEqualTo(406);
    assertThat(reply.json().path("reason").asText()).isEqualTo("NotAcceptable");
  }

  @Test
  void prettyIndentsJson() {
    Reply pretty = client.get(object(NS, "a") + "?pretty=true");
    Reply plain = client.get(object(NS, "a"));

    assertThat(pretty.body()).contains("\n  \"kind\"");
    assertThat(plain.body()).doesNotContain("\n");
    assertThat(pretty.json()).isEqualTo(plain.json());
  }
}
