package dev.aggregation.apiserver.endpoints.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.endpoints.TestApi;
import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.machinery.Json;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiHandlerTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final String FLUNDERS_V1ALPHA1 = "/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders/{name}";

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    OpenApiHandler openapi =
        new OpenApiHandler(List.of(TestApi.group()), new OpenApiInfo("Wardle", "0.1"), Clock.fixed(NOW, ZoneOffset.UTC));
    server = TestServer.start(openapi::mount);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  private static String currentUrl(String groupVersion) throws Exception {
    return json(server.get("/openapi/v3")).at("/paths/" + groupVersion.replace("/", "~1") + "/serverRelativeURL").asText();
  }

  @Test
  void rootListsEachGroupVersionWithTheHashOfItsDocument() throws Exception {
    HttpResponse<String> root = server.get("/openapi/v3");

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("ETag")).hasValue("\"" + Responses.sha512Hex(root.body().getBytes()) + "\"");
    JsonNode paths = json(root).get("paths");
    assertThat(paths.fieldNames()).toIterable().containsExactly("apis/wardle.example.com/v1alpha1", "apis/wardle.example.com/v1beta1");
    for (String gv : List.of("apis/wardle.example.com/v1alpha1", "apis/wardle.example.com/v1beta1")) {
      HttpResponse<byte[]> doc = server.getBytes("/openapi/v3/" + gv);
      String hash = Responses.sha512Hex(doc.body());
      assertThat(hash).matches("[0-9A-F]{128}");
      assertThat(paths.get(gv).get("serverRelativeURL").asText()).isEqualTo("/openapi/v3/" + gv + "?hash=" + hash);
      assertThat(doc.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
    }
  }

  @Test
  void servesAHashedUrlAsImmutable() throws Exception {
    HttpResponse<String> response = server.get(currentUrl("apis/wardle.example.com/v1alpha1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, immutable");
    assertThat(response.headers().firstValue("Expires")).hasValue("Thu, 04 Mar 2027 05:06:07 GMT");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
  }

  @Test
  void redirectsAStaleHashToTheCurrentDocument() throws Exception {
    HttpResponse<String> response = server.get("/openapi/v3/apis/wardle.example.com/v1alpha1?hash=0123");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).hasValue(currentUrl("apis/wardle.example.com/v1alpha1"));
  }

  @Test
  void answersNotModifiedForTheCurrentEtag() throws Exception {
    String etag = server.get("/openapi/v3/apis/wardle.example.com/v1beta1").headers().firstValue("ETag").orElseThrow();

    assertThat(server.get("/openapi/v3/apis/wardle.example.com/v1beta1", "If-None-Match", etag).statusCode()).isEqualTo(304);
    String v2Etag = server.get("/openapi/v2").headers().firstValue("ETag").orElseThrow();
    assertThat(server.get("/openapi/v2", "If-None-Match", v2Etag).statusCode()).isEqualTo(304);
  }

  @Test
  void refusesProtobuf() throws Exception {
    HttpResponse<String> response =
        server.get("/openapi/v3/apis/wardle.example.com/v1alpha1", "Accept", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf");

    assertThat(response.statusCode()).isEqualTo(406);
  }

  @Test
  void answersUnknownGroupVersionsWithNotFound() throws Exception {
    assertThat(server.get("/openapi/v3/apis/wardle.example.com/v9").statusCode()).isEqualTo(404);
  }

  @Test
  void v3DocumentIsAWellFormedOpenApi30Document() throws Exception {
    JsonNode doc = json(server.get("/openapi/v3/apis/wardle.example.com/v1alpha1"));

    assertThat(doc.get("openapi").asText()).isEqualTo("3.0.0");
    assertThat(doc.at("/info/title").asText()).isEqualTo("Wardle");
    assertThat(doc.at("/info/version").asText()).isEqualTo("0.1");
    assertThat(doc.has("definitions")).isFalse();
    assertThat(doc.at("/components/securitySchemes/BearerToken/type").asText()).isEqualTo("apiKey");
    JsonNode schemas = doc.at("/components/schemas");
    assertThat(references(doc)).isNotEmpty().allSatisfy(ref -> {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
    });
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
      if (entry.getKey().equals("parameters")) {
        return;
      }
      JsonNode op = entry.getValue();
      assertThat(op.has("operationId")).as(path.getKey() + " " + entry.getKey()).isTrue();
      assertThat(op.has("responses")).isTrue();
      assertThat(op.at("/responses/401/description").asText()).isEqualTo("Unauthorized");
      assertThat(op.get("x-kubernetes-action").asText()).isIn("get", "list", "post", "put", "patch", "delete", "deletecollection");
      assertThat(op.get("x-kubernetes-group-version-kind").isObject()).isTrue();
      op.get("parameters").forEach(p -> assertThat(p.has("schema")).isTrue());
    }));
  }

  @Test
  void v3TagsKindAndListSchemasWithTheirGroupVersionKind() throws Exception {
    JsonNode schemas = json(server.get("/openapi/v3/apis/wardle.example.com/v1alpha1")).at("/components/schemas");

    JsonNode flunder = schemas.get("com.example.wardle.v1alpha1.Flunder");
    assertThat(flunder.get("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.mapper().valueToTree(List.of(Map.of("group", "wardle.example.com", "version", "v1alpha1", "kind", "Flunder"))));
    assertThat(flunder.get("properties").fieldNames()).toIterable().containsExactly("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(flunder.at("/properties/metadata/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(flunder.at("/properties/spec/properties/reference/description").asText()).isNotEmpty();
    assertThat(flunder.at("/properties/spec/properties/comment/nullable").asBoolean()).isTrue();
    JsonNode list = schemas.get("com.example.wardle.v1alpha1.FlunderList");
    assertThat(list.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("FlunderList");
    assertThat(list.at("/properties/items/items/$ref").asText()).isEqualTo("#/components/schemas/com.example.wardle.v1alpha1.Flunder");
    assertThat(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").get("properties").fieldNames())
        .toIterable()
        .contains("name", "namespace", "labels", "annotations", "managedFields", "ownerReferences", "resourceVersion", "uid");
    assertThat(schemas.has("com.example.wardle.v1beta1.Flunder")).isFalse();
    assertThat(schemas.has("com.example.wardle.v1alpha1.Fischer")).isTrue();
  }

  @Test
  void v3PatchOperationsOfferMergePatchButNotStrategicMergePatch() throws Exception {
    JsonNode doc = json(server.get("/openapi/v3/apis/wardle.example.com/v1alpha1"));
    JsonNode patch = doc.at("/paths/" + pointer(FLUNDERS_V1ALPHA1) + "/patch");

    assertThat(patch.get("operationId").asText()).isEqualTo("patchWardleExampleComV1alpha1NamespacedFlunder");
    assertThat(patch.at("/requestBody/content").fieldNames())
        .toIterable()
        .containsExactly("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
    assertThat(patch.get("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.mapper().valueToTree(Map.of("group", "wardle.example.com", "version", "v1alpha1", "kind", "Flunder")));
    assertThat(patch.get("x-kubernetes-action").asText()).isEqualTo("patch");
    assertThat(patch.get("parameters")).extracting(p -> p.get("name").asText())
        .containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
  }

  @Test
  void v3NamesOperationsAsKubernetes() throws Exception {
    JsonNode paths = json(server.get("/openapi/v3/apis/wardle.example.com/v1alpha1")).get("paths");
    List<String> ids = new ArrayList<>();
    paths.forEach(item -> item.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("parameters")) {
        ids.add(e.getValue().get("operationId").asText());
      }
    }));

    assertThat(ids)
        .containsExactlyInAnyOrder(
            "listWardleExampleComV1alpha1Fischer",
            "createWardleExampleComV1alpha1Fischer",
            "deleteWardleExampleComV1alpha1CollectionFischer",
            "readWardleExampleComV1alpha1Fischer",
            "replaceWardleExampleComV1alpha1Fischer",
            "deleteWardleExampleComV1alpha1Fischer",
            "patchWardleExampleComV1alpha1Fischer",
            "listWardleExampleComV1alpha1FlunderForAllNamespaces",
            "listWardleExampleComV1alpha1NamespacedFlunder",
            "createWardleExampleComV1alpha1NamespacedFlunder",
            "deleteWardleExampleComV1alpha1CollectionNamespacedFlunder",
            "readWardleExampleComV1alpha1NamespacedFlunder",
            "replaceWardleExampleComV1alpha1NamespacedFlunder",
            "deleteWardleExampleComV1alpha1NamespacedFlunder",
            "patchWardleExampleComV1alpha1NamespacedFlunder",
            "readWardleExampleComV1alpha1NamespacedFlunderStatus",
            "replaceWardleExampleComV1alpha1NamespacedFlunderStatus",
            "patchWardleExampleComV1alpha1NamespacedFlunderStatus");
    JsonNode list = paths.at("/" + pointer("/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders") + "/get");
    assertThat(list.get("parameters")).extracting(p -> p.get("name").asText())
        .containsExactly("allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
            "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch");
    assertThat(list.get("tags")).extracting(JsonNode::asText).containsExactly("wardleExampleCom_v1alpha1");
  }

  @Test
  void v2DocumentIsAWellFormedSwagger20Document() throws Exception {
    HttpResponse<String> response = server.get("/openapi/v2", "Accept", "application/json");
    JsonNode doc = json(response);

    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + Responses.sha512Hex(response.body().getBytes()) + "\"");
    assertThat(doc.get("swagger").asText()).isEqualTo("2.0");
    assertThat(doc.has("components")).isFalse();
    JsonNode definitions = doc.get("definitions");
    assertThat(references(doc)).isNotEmpty().allSatisfy(ref -> {
      assertThat(ref).startsWith("#/definitions/");
      assertThat(definitions.has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
    });
    assertThat(definitions.fieldNames()).toIterable()
        .contains("com.example.wardle.v1alpha1.Flunder", "com.example.wardle.v1beta1.Flunder", "com.example.wardle.v1alpha1.Fischer",
            "com.example.wardle.v1beta1.FlunderList");
    assertThat(definitions.at("/com.example.wardle.v1alpha1.Flunder/properties/spec/properties/comment").has("nullable")).isFalse();
    assertThat(definitions.at("/com.example.wardle.v1alpha1.Flunder/properties/metadata/$ref").asText())
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    JsonNode deleteOptionsGvks = definitions.at("/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions/x-kubernetes-group-version-kind");
    assertThat(deleteOptionsGvks).extracting(g -> g.get("group").asText() + "/" + g.get("version").asText())
        .containsExactly("/v1", "wardle.example.com/v1alpha1", "wardle.example.com/v1beta1");

    JsonNode patch = doc.at("/paths/" + pointer(FLUNDERS_V1ALPHA1) + "/patch");
    assertThat(patch.get("consumes")).extracting(JsonNode::asText)
        .containsExactly("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
    assertThat(patch.at("/parameters/0/in").asText()).isEqualTo("body");
    assertThat(patch.at("/parameters/0/schema/$ref").asText()).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Flunder");
    JsonNode shared = doc.at("/paths/" + pointer(FLUNDERS_V1ALPHA1) + "/parameters");
    assertThat(shared).extracting(p -> p.get("name").asText()).containsExactly("name", "namespace", "pretty");
    assertThat(shared.get(0).get("required").asBoolean()).isTrue();
    assertThat(shared.get(0).has("schema")).isFalse();
  }

  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static List<String> references(JsonNode node) {
    List<String> refs = new ArrayList<>();
    collect(node, refs);
    return refs;
  }

  private static void collect(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collect(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, refs));
    }
  }
}
