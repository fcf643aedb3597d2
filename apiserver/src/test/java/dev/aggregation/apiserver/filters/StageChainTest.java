package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.ext.web.RoutingContext;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StageChainTest {
  private static final String EVENT_LOOP = "event loop";
  private static final String WORKER = "worker";

  private final List<String> steps = new CopyOnWriteArrayList<>();

  private void record(String step) {
    steps.add(step + " on " + (Thread.currentThread().getName().startsWith("vert.x-eventloop-thread") ? EVENT_LOOP : WORKER));
  }

  /** A step that never blocks. */
  private RequestStage local(String name) {
    return RequestStage.neverBlocking(ctx -> {
      record(name);
      return true;
    });
  }

  /** A step that may block (a review not cached): it runs on a worker only. */
  private RequestStage remote(String name) {
    return ctx -> {
      record(name);
      return true;
    };
  }

  private RequestStage refusing(String name) {
    return RequestStage.neverBlocking(ctx -> {
      record(name);
      ctx.response().setStatusCode(403).end("refused by " + name);
      return false;
    });
  }

  /** Serves /apis/... (from memory when asked to without blocking, if {@code fromMemory}); leaves other paths. */
  private AdmittedHandler handler(boolean fromMemory) {
    return new AdmittedHandler() {
      @Override
      public boolean serve(RoutingContext ctx) {
        if (!ctx.normalizedPath().startsWith("/apis/")) {
          return false;
        }
        record("handler");
        ctx.response().end("served");
        return true;
      }

      @Override
      public boolean serveWithoutBlocking(RoutingContext ctx) throws WouldBlock {
        if (!fromMemory && ctx.normalizedPath().startsWith("/apis/")) {
          throw new WouldBlock("a read from the store");
        }
        return serve(ctx);
      }
    };
  }

  private TestServer server(List<RequestStage> stages, AdmittedHandler handler) throws Exception {
    return TestServer.start(router -> {
      router.route().handler(new StageChain(stages, handler));
      router.route().handler(ctx -> {
        record("next route");
        ctx.response().end("next route");
      });
    });
  }

  @Test
  void servesOnTheEventLoopWhenNothingBlocks() throws Exception {
    try (TestServer server = server(List.of(local("authn"), local("authz")), handler(true))) {
      assertThat(server.get("/apis/g/v/things").body()).isEqualTo("served");

      assertThat(steps).containsExactly("authn on event loop", "authz on event loop", "handler on event loop");
    }
  }

  @Test
  void handsTheRestToAWorkerFromTheFirstStepThatWouldBlock() throws Exception {
    try (TestServer server = server(List.of(local("authn"), remote("authz"), local("audit")), handler(true))) {
      assertThat(server.get("/apis/g/v/things").body()).isEqualTo("served");

      assertThat(steps).containsExactly("authn on event loop", "authz on worker", "audit on worker", "handler on worker");
    }
  }

  @Test
  void handsTheHandlerToAWorkerWhenItWouldBlock() throws Exception {
    try (TestServer server = server(List.of(local("authn"), local("authz")), handler(false))) {
      assertThat(server.get("/apis/g/v/things").body()).isEqualTo("served");

      assertThat(steps).containsExactly("authn on event loop", "authz on event loop", "handler on worker");
    }
  }

  @Test
  void stopsAtTheStepThatAnswers() throws Exception {
    try (TestServer server = server(List.of(local("authn"), refusing("authz"), local("audit")), handler(true))) {
      HttpResponse<String> response = server.get("/apis/g/v/things");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo("refused by authz");
      assertThat(steps).containsExactly("authn on event loop", "authz on event loop");
    }
  }

  @Test
  void leavesOtherRequestsToTheNextRouteOnTheEventLoop() throws Exception {
    try (TestServer server = server(List.of(local("authn"), remote("authz")), handler(true))) {
      assertThat(server.get("/healthz").body()).isEqualTo("next route");

      assertThat(steps).containsExactly("authn on event loop", "authz on worker", "next route on event loop");
    }
  }
}
