package dev.aggregation.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watch fan-out ceiling: a minimal Vert.x HTTPS server (the ceilings' TLS options) that answers the requests
 * {@link WatchFanout} sends with bytes recorded from the apiserver and does no other work. A GET with
 * {@code watch} holds its response open (HTTP/1.1, chunked, as the apiserver's watch); any other GET gets the
 * recorded list; a POST writes the next recorded ADDED event line to every open watch, then gets the recorded 201.
 * What is left is what fan-out costs on this machine at best: a TLS record and a write per watcher.
 */
public final class FanoutCeiling implements Ceiling {
  /**
   * What the apiserver answered in a fan-out run: its list (for the starting resourceVersion), a create, and the
   * ADDED event line of each write in order (without the newline).
   */
  public record Recording(CeilingServer.Canned list, CeilingServer.Canned created, List<Buffer> events) {
    public Recording {
      if (events.isEmpty()) {
        throw new IllegalArgumentException("no event line recorded");
      }
      events = List.copyOf(events);
    }
  }

  private final HttpServer server;
  private final List<Buffer> lines;
  private final CeilingServer.Canned list;
  private final CeilingServer.Canned created;
  /**
   * The open watches by the context of their connection: a write is one task per event loop, which writes to every
   * watch of that loop, rather than one task per watcher.
   */
  private final Map<Context, Set<HttpServerResponse>> watches = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  private FanoutCeiling(HttpServer server, Recording recording) {
    this.server = server;
    this.list = recording.list();
    this.created = recording.created();
    this.lines = recording.events().stream().map(line -> line.copy().appendByte((byte) '\n')).toList();
  }

  public static FanoutCeiling start(Vertx vertx, Recording recording) throws Exception {
    HttpServer server = vertx.createHttpServer(CeilingServer.tlsOptions());
    FanoutCeiling ceiling = new FanoutCeiling(server, recording);
    server.requestHandler(ceiling::handle);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return ceiling;
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST) {
      request.body().onComplete(ignored -> {
        fanOut();
        answer(request, created);
      });
    } else if (request.getParam("watch") != null) {
      hold(request.response());
    } else {
      request.body().onComplete(ignored -> answer(request, list));
    }
  }

  private static void answer(HttpServerRequest request, CeilingServer.Canned canned) {
    request.response().setStatusCode(canned.status()).putHeader("Content-Type", canned.contentType()).end(canned.body());
  }

  /** The apiserver's watch response: 200, chunked, its headers sent at once, then one line per event. */
  private void hold(HttpServerResponse response) {
    Set<HttpServerResponse> open = watches.computeIfAbsent(Vertx.currentContext(), loop -> ConcurrentHashMap.newKeySet());
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    response.closeHandler(v -> open.remove(response));
    response.exceptionHandler(e -> open.remove(response));
    response.write(Buffer.buffer());
    open.add(response);
  }

  /** The recorded lines in turn, one per POST: a run of as many writes as were recorded sends each once. */
  private void fanOut() {
    Buffer line = lines.get((int) (writes.getAndIncrement() % lines.size()));
    watches.forEach((loop, open) -> loop.runOnContext(v -> {
      for (HttpServerResponse response : open) {
        response.write(line);
      }
    }));
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
  }
}
