package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.TestServer;
import io.vertx.ext.web.RoutingContext;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StageChainTest {
  private final List<String> steps = new CopyOnWriteArrayList<>();

  private RequestStage passing(String name) {
    return ctx -> {
      steps.add(name + " on " + Thread.currentThread().getName());
      return true;
    };
  }

  private RequestStage answering(String name) {
    return ctx -> {
      steps.add(name + " on " + Thread.currentThread().getName());
      ctx.response().setStatusCode(403).end("refused by " + name);
      return false;
    };
  }

  private void served(RoutingContext ctx) {
    steps.add("handler on " + Thread.currentThread().getName());
    ctx.response().end("served");
  }

  @Test
  void runsEveryStageThenTheHandlerOnTheSameWorker() throws Exception {
    try (TestServer server = TestServer.start(router ->
        router.route().blockingHandler(new StageChain(List.of(passing("authn"), passing("authz")), this::served), false))) {
      HttpResponse<String> response = server.get("/apis/g/v/things");

      assertThat(response.body()).isEqualTo("served");
      assertThat(steps).hasSize(3);
      String worker = steps.get(0).substring(steps.get(0).indexOf(" on ") + 4);
      assertThat(worker).startsWith("vert.x-worker-thread");
      assertThat(steps).containsExactly("authn on " + worker, "authz on " + worker, "handler on " + worker);
    }
  }

  @Test
  void stopsAtTheStageThatAnswers() throws Exception {
    try (TestServer server = TestServer.start(router ->
        router.route().blockingHandler(new StageChain(List.of(passing("authn"), answering("authz"), passing("audit")), this::served), false))) {
      HttpResponse<String> response = server.get("/apis/g/v/things");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo("refused by authz");
      assertThat(steps).extracting(step -> step.substring(0, step.indexOf(" on "))).containsExactly("authn", "authz");
    }
  }
}
