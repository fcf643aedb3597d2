package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrkTest {
  private static final int CONNECTIONS = 4;

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path scratch;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A collection over TLS that names each create as the apiserver does, and keeps what it was told to delete. */
  private static final class Collection {
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Set<String> unknownDeletes = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();

    void handle(HttpServerRequest request) {
      request.body().onSuccess(body -> {
        if (request.method() == HttpMethod.POST && request.path().equals("/things")) {
          String name = "thing-" + next.incrementAndGet();
          created.add(name);
          request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
              .end("{\"apiVersion\":\"v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"" + name
                  + "\",\"labels\":{\"name\":\"not-this\"}},\"spec\":{\"name\":\"nor-this\"}}");
        } else if (request.method() == HttpMethod.DELETE && request.path().startsWith("/things/")) {
          String name = request.path().substring("/things/".length());
          if (!created.contains(name) || !deleted.add(name)) {
            unknownDeletes.add(name); // never created, or deleted twice
          }
          request.response().setStatusCode(200).end("{}");
        } else {
          request.response().setStatusCode(405).end();
        }
      });
    }
  }

  @Test
  void aWarmUpDeletingItsCreatesDeletesEachCreatedNameOnceAndTheMeasuredRunOnlyCreates() throws Exception {
    Collection things = new Collection();
    try (var port = CeilingServer.listen(vertx, things::handle)) {
      Wrk wrk = new Wrk(2, CONNECTIONS, 1, scratch, CpuClock.system()).withWarmUp(5, 5).withWarmUpDeletingItsCreates();

      Wrk.Result measured = wrk.run("https://127.0.0.1:" + port.port() + "/things", "token", "application/json",
          "{\"kind\":\"Thing\"}", Map.of());

      assertThat(things.unknownDeletes).isEmpty();
      assertThat(things.deleted).isNotEmpty().isSubsetOf(things.created);
      // what is left is the measured run's creates (plus those of either run still in flight when wrk stopped)
      long left = things.created.size() - things.deleted.size();
      assertThat(left).isBetween(measured.requests(), measured.requests() + 2L * CONNECTIONS);
      assertThat(measured.non2xx()).isZero();
    }
  }

  @Test
  void aPlainPostScriptOnlyCreates() {
    String script = Wrk.postScript("{\"kind\":\"Thing\"}", false);

    assertThat(script).contains("wrk.method = \"POST\"", "wrk.body = [[{\"kind\":\"Thing\"}]]").doesNotContain("DELETE");
  }
}
