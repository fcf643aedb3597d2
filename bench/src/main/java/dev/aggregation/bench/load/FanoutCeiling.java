package dev.aggregation.bench.load;

import dev.aggregation.apiserver.server.SecurePort;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private final SecurePort server;

  private FanoutCeiling(SecurePort server) {
    this.server = server;
  }

  public static FanoutCeiling start(Vertx vertx, Recording recording) throws Exception {
    return new FanoutCeiling(CeilingServer.listen(vertx, new Answers(recording)::handle));
  }

  /** The watches one event loop serves, and a context to run on that loop. */
  private record LoopWatches(Context loop, Set<HttpServerResponse> open) {}

  /** The recorded answers, and the watches held open to write the recorded events to. */
  private static final class Answers {
    private final List<Buffer> lines;
    private final CeilingServer.Canned list;
    private final CeilingServer.Canned created;
    /**
     * The open watches by the event loop thread of their connection: a write is one task per event loop, which
     * writes to every watch of that loop, rather than one task per watcher. (Keyed by thread, not by context: each
     * request has a duplicate context of its own.)
     */
    private final Map<Thread, LoopWatches> watches = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    Answers(Recording recording) {
      this.list = recording.list();
      this.created = recording.created();
      this.lines = recording.events().stream().map(line -> line.copy().appendByte((byte) '\n')).toList();
    }

    void handle(HttpServerRequest request) {
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
      Set<HttpServerResponse> open =
          watches.computeIfAbsent(Thread.currentThread(), thread -> new LoopWatches(Vertx.currentContext(), ConcurrentHashMap.newKeySet())).open();
      response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-cache, private");
      response.closeHandler(v -> open.remove(response));
      response.exceptionHandler(e -> open.remove(response));
      // held before its headers go out: a client that has them may create at once, from another loop
      open.add(response);
      response.write(Buffer.buffer());
    }

    /** The recorded lines in turn, one per POST: a run of as many writes as were recorded sends each once. */
    private void fanOut() {
      Buffer line = lines.get((int) (writes.getAndIncrement() % lines.size()));
      watches.values().forEach(loop -> loop.loop().runOnContext(v -> {
        for (HttpServerResponse response : loop.open()) {
          response.write(line);
        }
      }));
    }
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
