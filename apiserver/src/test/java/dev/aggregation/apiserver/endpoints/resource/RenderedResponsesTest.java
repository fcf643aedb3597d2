package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.V1ALPHA1;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.V1BETA1;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.create;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.flunder;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.object;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import dev.aggregation.apiserver.server.TestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads answered from renderings of earlier reads (compact JSON, Tables) carry exactly the bytes of encoding the
 * whole response tree, which {@code ?pretty=true} still builds: compacting the pretty answer must give the same
 * bytes. And a rendering never outlives its revision.
 */
class RenderedResponsesTest {
  private static final String NS = "rendered";
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
    create(client, NS, flunder("c", "z"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String body(String path, String... headers) {
    Reply reply = client.get(path, headers);
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.body();
  }

  /** The tree path's answer, compacted. */
  private static String fromTree(String path, String... headers) {
    return parse(body(path + (path.contains("?") ? "&" : "?") + "pretty=true", headers)).toString();
  }

  @Test
  void aListTwiceIsTheTreeEncodingTwice() {
    String first = body(collection(NS));
    String second = body(collection(NS));

    assertThat(second).isEqualTo(first).isEqualTo(fromTree(collection(NS)));
  }

  @Test
  void anEmptyListIsTheTreeEncoding() {
    assertThat(body(collection("nothing-here"))).isEqualTo(fromTree(collection("nothing-here")));
  }

  @Test
  void aPagedListCarriesItsContinueTokenAsTheTreeDoes() {
    String page = body(collection(NS) + "?limit=2");

    assertThat(parse(page).path("metadata").path("continue").asText()).isNotEmpty();
    assertThat(parse(page).path("metadata").path("remainingItemCount").asLong()).isEqualTo(1);
    assertThat(page).isEqualTo(fromTree(collection(NS) + "?limit=2"));
  }

  @Test
  void anObjectIsTheTreeEncodingInEachVersion() {
    String alpha = body(object(NS, "a"));
    String beta = body(collection(V1BETA1, NS) + "/a");

    assertThat(alpha).isEqualTo(fromTree(object(NS, "a")));
    assertThat(beta).isEqualTo(fromTree(collection(V1BETA1, NS) + "/a"));
    assertThat(parse(alpha).path("apiVersion").asText()).endsWith(V1ALPHA1);
    assertThat(parse(beta).path("apiVersion").asText()).endsWith(V1BETA1);
    assertThat(parse(beta).path("spec").path("flunderReference").asText()).isEqualTo("x");
  }

  @Test
  void tablesOfEveryRowShapeAreTheTreeEncoding() {
    for (String query : new String[] {"", "?includeObject=None", "?includeObject=Object", "?includeObject=Metadata", "?noHeaders=true"}) {
      String table = body(collection(NS) + query, "Accept", TABLE);
      assertThat(table).as(query).isEqualTo(fromTree(collection(NS) + query, "Accept", TABLE));
    }
    String metaV1beta1 = "application/json;as=Table;v=v1beta1;g=meta.k8s.io";
    assertThat(body(collection(NS), "Accept", metaV1beta1)).isEqualTo(fromTree(collection(NS), "Accept", metaV1beta1));
    assertThat(body(object(NS, "b"), "Accept", TABLE)).isEqualTo(fromTree(object(NS, "b"), "Accept", TABLE));
  }

  @Test
  void aChangedObjectIsReadAtItsNewRevision() {
    create(client, NS, flunder("changing", "before"));
    body(object(NS, "changing"));
    body(collection(NS), "Accept", TABLE + ";includeObject=Object");

    Reply patched = client.patch(object(NS, "changing"), "application/merge-patch+json", "{\"spec\":{\"reference\":\"after\"}}");
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);

    assertThat(parse(body(object(NS, "changing"))).path("spec").path("reference").asText()).isEqualTo("after");
    assertThat(parse(body(collection(NS) + "?includeObject=Object", "Accept", TABLE)).path("rows"))
        .anySatisfy(row -> assertThat(row.path("object").path("spec").path("reference").asText()).isEqualTo("after"))
        .noneSatisfy(row -> assertThat(row.path("object").path("spec").path("reference").asText()).isEqualTo("before"));
  }
}
