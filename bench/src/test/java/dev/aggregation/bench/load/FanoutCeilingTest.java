package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutCeilingTest {
  private static final String LIST = "/apis/wardle.example.com/v1beta1/namespaces/watch/flunders";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CeilingServer.Canned json(int status, String body) {
    return new CeilingServer.Canned(status, "application/json", Buffer.buffer(body));
  }

  @Test
  void writesTheRecordedLinesInTurnToEveryOpenWatchThenAnswersTheCreate() throws Exception {
    FanoutCeiling.Recording recording = new FanoutCeiling.Recording(json(200, "{\"kind\":\"FlunderList\"}"),
        json(201, "{\"kind\":\"Flunder\"}"), List.of(Buffer.buffer("{\"type\":\"ADDED\",\"n\":0}"), Buffer.buffer("{\"type\":\"ADDED\",\"n\":1}")));
    try (FanoutCeiling ceiling = FanoutCeiling.start(vertx, recording)) {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
      List<CompletableFuture<String>> watches = List.of(watch(client, ceiling.port()), watch(client, ceiling.port()));
      Answer first = post(client, ceiling.port());
      Answer second = post(client, ceiling.port());

      assertThat(first.status()).isEqualTo(201);
      assertThat(second.body()).isEqualTo("{\"kind\":\"Flunder\"}");
      for (CompletableFuture<String> watch : watches) {
        assertThat(watch.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"ADDED\",\"n\":0}\n{\"type\":\"ADDED\",\"n\":1}\n");
      }
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void answersAListWithTheRecordedOne() throws Exception {
    FanoutCeiling.Recording recording = new FanoutCeiling.Recording(json(200, "{\"kind\":\"FlunderList\"}"),
        json(201, "{}"), List.of(Buffer.buffer("{}")));
    try (FanoutCeiling ceiling = FanoutCeiling.start(vertx, recording)) {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
      Buffer body = client.request(options(ceiling.port(), HttpMethod.GET, LIST + "?limit=1"))
          .compose(request -> request.send()).compose(HttpClientResponse::body)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(body.toString()).isEqualTo("{\"kind\":\"FlunderList\"}");
    }
  }

  /** A watch's body once two lines have arrived; the watch is established when this returns. */
  private static CompletableFuture<String> watch(HttpClient client, int port) throws Exception {
    CompletableFuture<String> twoLines = new CompletableFuture<>();
    Buffer received = Buffer.buffer();
    HttpClientResponse response = client.request(options(port, HttpMethod.GET, LIST + "?watch=true&resourceVersion=1"))
        .compose(request -> request.send()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    response.handler(chunk -> {
      received.appendBuffer(chunk);
      if (received.toString().chars().filter(c -> c == '\n').count() == 2) {
        twoLines.complete(received.toString());
      }
    });
    return twoLines;
  }

  /** A response's status and body, the body read as it arrives (a response's data is not kept for a late reader). */
  private record Answer(int status, String body) {}

  private static Answer post(HttpClient client, int port) throws Exception {
    Future<Answer> answer = client.request(options(port, HttpMethod.POST, LIST))
        .compose(request -> request.send(Buffer.buffer("{\"metadata\":{\"name\":\"x\"}}")))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())));
    return answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static RequestOptions options(int port, HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
  }
}
