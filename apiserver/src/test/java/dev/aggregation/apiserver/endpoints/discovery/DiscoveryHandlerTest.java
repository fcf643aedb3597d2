package dev.aggregation.apiserver.endpoints.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.endpoints.TestApi;
import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.machinery.Json;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscoveryHandlerTest {
  private static final String CLIENT_GO_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    DiscoveryHandler discovery = new DiscoveryHandler(List.of(TestApi.group()));
    server =
        TestServer.start(
            router -> {
              discovery.mount(router);
              // A resource route below the group version, as the lead mounts them: discovery must not shadow it.
              router.get("/apis/:group/:version/:resource").handler(ctx -> ctx.response().end("resource"));
            });
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static JsonNode json(String body) throws Exception {
    return Json.mapper().readTree(body);
  }

  @Test
  void listsGroupsWithTheAddressTheClientUsed() throws Exception {
    HttpResponse<String> response = server.get("/apis", "Accept", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    String address = "127.0.0.1:" + server.port();
    assertThat(json(response.body()))
        .isEqualTo(
            json(
                """
                {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"wardle.example.com",
                 "versions":[{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"},
                             {"groupVersion":"wardle.example.com/v1alpha1","version":"v1alpha1"}],
                 "preferredVersion":{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"},
                 "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"%s"}]}]}
                """
                    .formatted(address)));
  }

  @Test
  void describesOneGroupWithoutAddresses() throws Exception {
    HttpResponse<String> response = server.get("/apis/wardle.example.com");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body()))
        .isEqualTo(
            json(
                """
                {"kind":"APIGroup","apiVersion":"v1","name":"wardle.example.com",
                 "versions":[{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"},
                             {"groupVersion":"wardle.example.com/v1alpha1","version":"v1alpha1"}],
                 "preferredVersion":{"groupVersion":"wardle.example.com/v1beta1","version":"v1beta1"}}
                """));
  }

  @Test
  void listsResourcesOfAVersionSortedWithSubresourcesAndStorageVersionHashes() throws Exception {
    HttpResponse<String> response = server.get("/apis/wardle.example.com/v1alpha1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body()))
        .isEqualTo(
            json(
                """
                {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"wardle.example.com/v1alpha1","resources":[
                 {"name":"fischers","singularName":"fischer","namespaced":false,"kind":"Fischer",
                  "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                  "storageVersionHash":"YS5qRiSxzNM="},
                 {"name":"flunders","singularName":"flunder","namespaced":true,"kind":"Flunder",
                  "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                  "shortNames":["fl"],"storageVersionHash":"UHqNx5H3K7A="},
                 {"name":"flunders/status","singularName":"","namespaced":true,"kind":"Flunder",
                  "verbs":["get","patch","update"]}]}
                """));
  }

  @Test
  void listsOnlyTheKindsServedInAVersion() throws Exception {
    JsonNode list = json(server.get("/apis/wardle.example.com/v1beta1").body());

    assertThat(list.get("resources")).extracting(r -> r.get("name").asText()).containsExactly("flunders", "flunders/status");
  }

  @Test
  void answersUnknownGroupsAndVersionsWithNotFoundStatus() throws Exception {
    for (String path : List.of("/apis/nope.example.com", "/apis/wardle.example.com/v9")) {
      HttpResponse<String> response = server.get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(json(response.body()))
          .isEqualTo(
              json(
                  """
                  {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                   "message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}
                  """));
    }
  }

  @Test
  void leavesDeeperPathsToTheResourceHandlers() throws Exception {
    assertThat(server.get("/apis/wardle.example.com/v1alpha1/flunders").body()).isEqualTo("resource");
  }

  @Test
  void servesAggregatedDiscoveryToClientGo() throws Exception {
    HttpResponse<byte[]> response = server.getBytes("/apis", "Accept", CLIENT_GO_ACCEPT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + Responses.sha512Hex(response.body()) + "\"");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public");
    assertThat(Json.mapper().readTree(response.body()))
        .isEqualTo(
            json(
                """
                {"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[
                 {"metadata":{"name":"wardle.example.com"},"versions":[
                  {"version":"v1beta1","resources":[
                    {"resource":"flunders","responseKind":{"group":"wardle.example.com","version":"v1beta1","kind":"Flunder"},
                     "scope":"Namespaced","singularResource":"flunder",
                     "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["fl"],
                     "subresources":[{"subresource":"status",
                       "responseKind":{"group":"wardle.example.com","version":"v1beta1","kind":"Flunder"},
                       "verbs":["get","patch","update"]}]}],
                   "freshness":"Current"},
                  {"version":"v1alpha1","resources":[
                    {"resource":"fischers","responseKind":{"group":"wardle.example.com","version":"v1alpha1","kind":"Fischer"},
                     "scope":"Cluster","singularResource":"fischer",
                     "verbs":["create","delete","deletecollection","get","list","patch","update","watch"]},
                    {"resource":"flunders","responseKind":{"group":"wardle.example.com","version":"v1alpha1","kind":"Flunder"},
                     "scope":"Namespaced","singularResource":"flunder",
                     "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["fl"],
                     "subresources":[{"subresource":"status",
                       "responseKind":{"group":"wardle.example.com","version":"v1alpha1","kind":"Flunder"},
                       "verbs":["get","patch","update"]}]}],
                   "freshness":"Current"}]}]}
                """));
  }

  @Test
  void answersNotModifiedWhenTheClientHasTheAggregatedDocument() throws Exception {
    String etag = server.get("/apis", "Accept", CLIENT_GO_ACCEPT).headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> response = server.get("/apis", "Accept", CLIENT_GO_ACCEPT, "If-None-Match", etag);

    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("ETag")).hasValue(etag);
  }

  @Test
  void prefersLegacyDiscoveryWhenTheClientRanksItHigher() throws Exception {
    HttpResponse<String> response =
        server.get("/apis", "Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json");

    assertThat(json(response.body()).get("kind").asText()).isEqualTo("APIGroupList");
  }

  @Test
  void fallsBackToLegacyDiscoveryForVersionsItDoesNotServe() throws Exception {
    HttpResponse<String> response =
        server.get(
            "/apis",
            "Accept",
            "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");

    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response.body()).get("kind").asText()).isEqualTo("APIGroupList");
  }

  @Test
  void refusesMediaTypesItCannotProduce() throws Exception {
    HttpResponse<String> response = server.get("/apis", "Accept", "application/vnd.kubernetes.protobuf");

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(json(response.body()).get("reason").asText()).isEqualTo("NotAcceptable");
  }
}
