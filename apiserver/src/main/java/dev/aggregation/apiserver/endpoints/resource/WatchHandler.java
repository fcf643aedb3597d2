package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.codec.ResponseFormat;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.ListRequest;
import dev.aggregation.apiserver.registry.ListResult;
import dev.aggregation.apiserver.registry.WatchSink;
import dev.aggregation.apiserver.storage.Watch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A watch: a chunked JSON stream of {@code {"type":..,"object":..}} lines. Start semantics as in Kubernetes: no
 * resourceVersion (or "0") sends the current state as ADDED events first; {@code sendInitialEvents=true} does
 * too and ends it with a BOOKMARK annotated {@code k8s.io/initial-events-end}; a resourceVersion N streams
 * changes after N, or one ERROR event (410 Expired) when N's history is compacted. Bookmarks about every
 * minute when allowed; the stream ends cleanly at its timeout.
 *
 * <p>Every write to the stream happens on the connection's event loop, through the loop's {@link LoopQueue}, so
 * events, bookmarks and the end are written in the order they were produced; the streams of one loop share its
 * queue, so an event for all of them is one task of the loop.
 */
final class WatchHandler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchHandler.class);

  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";
  /** Events a slow client may have pending before the server drops its watch, as kube-apiserver does. */
  private static final int MAX_PENDING_EVENTS = 10_000;

  private final HandlerContext context;
  private final EncodedWatchEvents encodedEvents = new EncodedWatchEvents();
  private final LoopQueues loops = new LoopQueues();
  private final Duration bookmarkInterval;
  private final int minRequestTimeoutSeconds;
  private final long maxUnreadBytes;

  WatchHandler(HandlerContext context, Duration bookmarkInterval, int minRequestTimeoutSeconds) {
    this(context, bookmarkInterval, minRequestTimeoutSeconds, WatchSettings.DEFAULT_MAX_UNREAD_BYTES);
  }

  WatchHandler(HandlerContext context, Duration bookmarkInterval, int minRequestTimeoutSeconds, long maxUnreadBytes) {
    this.maxUnreadBytes = maxUnreadBytes;
    this.context = context;
    this.bookmarkInterval = bookmarkInterval;
    this.minRequestTimeoutSeconds = minRequestTimeoutSeconds;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint, Predicate<ObjectNode> filter, boolean filtered) {
    // 422 for what ValidateListOptions refuses of a watch, before the stream is established
    ListOptions.parse(request, true);
    ResponseFormat format = context.negotiation().negotiateWatch(request.accept(), endpoint.strategy().resource());
    String resourceVersion = request.query("resourceVersion");
    boolean sendInitialEvents = request.queryFlag("sendInitialEvents");
    boolean legacyInitialState = request.query("sendInitialEvents") == null
        && (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0"));
    boolean bookmarks = request.queryFlag("allowWatchBookmarks");
    long startRevision = ListOptions.revision(resourceVersion);

    Stream stream = new Stream(request, endpoint, format, bookmarks);
    stream.start(timeout(request));

    long watchFrom = startRevision;
    if (sendInitialEvents || legacyInitialState) {
      if (sendInitialEvents && startRevision > 0) {
        endpoint.registry().waitForRevision(startRevision);
      }
      ListResult state = endpoint.registry().list(request.namespace(), new ListRequest(filter, filtered, 0, null, 0, 0));
      for (ObjectNode object : state.items()) {
        stream.initialEvent(object);
      }
      watchFrom = state.revision();
      if (sendInitialEvents) {
        stream.initialEventsEnd(watchFrom);
      }
    }
    // bookmarks carry at least the revision the watch starts from, and come only after the initial events
    stream.progress(watchFrom);
    stream.startBookmarks();
    try {
      Watch watch = endpoint.registry().watch(request.namespace(), watchFrom, filter, stream);
      stream.attach(watch);
    } catch (ApiException e) {
      stream.error(e);
    }
  }

  private Duration timeout(RestRequest request) {
    String timeoutSeconds = request.query("timeoutSeconds");
    if (timeoutSeconds != null && !timeoutSeconds.isEmpty()) {
      try {
        long seconds = Long.parseLong(timeoutSeconds);
        if (seconds < 0) {
          throw new NumberFormatException("negative");
        }
        return Duration.ofSeconds(seconds == 0 ? minRequestTimeoutSeconds : seconds);
      } catch (NumberFormatException e) {
        throw ApiErrors.badRequest("invalid value for timeoutSeconds: \"" + timeoutSeconds + "\"");
      }
    }
    // kube-apiserver spreads watch ends over [min, 2*min) so that clients do not reconnect all at once
    double factor = 1.0 + ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (minRequestTimeoutSeconds * 1000L * factor));
  }

  /** One open watch stream: its writes, timers and the storage watch behind it. */
  private final class Stream implements WatchSink {
    private final RestRequest request;
    private final ResourceEndpoint endpoint;
    private final ResponseFormat format;
    /** The endpoint's apiVersion, put together once rather than for every event. */
    private final String apiVersion;
    private final boolean bookmarks;
    private final HttpServerResponse response;
    /** Where everything this stream writes, and every change of its state, runs: its connection's event loop. */
    private final LoopQueue loop;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    // touched on the event loop only
    private long deliveredRevision;
    private boolean headerSent;
    private boolean ended;
    /** Bytes written since the connection stopped taking them (Vert.x's write queue full), until it drains. */
    private long unreadBytes;
    private long timeoutTimer = -1;
    private long bookmarkTimer = -1;
    private volatile Watch watch;
    private volatile boolean closed;
    /**
     * The progress task this stream queued last, while the loop has not taken it: touched only by whoever
     * produces the stream's events (the handler, then the storage, which calls one watch's sink one call at a
     * time), so that a progress may raise it only when no event was queued after it.
     */
    private PendingProgress queuedProgress;

    Stream(RestRequest request, ResourceEndpoint endpoint, ResponseFormat format, boolean bookmarks) {
      this.request = request;
      this.endpoint = endpoint;
      this.format = format;
      this.apiVersion = endpoint.apiVersion();
      this.bookmarks = bookmarks;
      this.response = request.routingContext().response();
      Context current = Vertx.currentContext();
      this.loop = loops.of(current != null ? current : context.vertx().getOrCreateContext());
    }

    void start(Duration timeout) {
      onLoop(() -> {
        response.setStatusCode(200);
        response.setChunked(true);
        response.putHeader("Content-Type", "application/json");
        response.putHeader("Cache-Control", "no-cache, private");
        ResponseWriterSupport.warnings(response, request.warnings());
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        // the headers go out at once so that clients know the watch is established
        response.write(Buffer.buffer());
        timeoutTimer = context.vertx().setTimer(Math.max(1, timeout.toMillis()), id -> end());
      });
    }

    void startBookmarks() {
      if (!bookmarks) {
        return;
      }
      onLoop(() -> {
        if (!ended) {
          bookmarkTimer = context.vertx().setPeriodic(bookmarkInterval.toMillis(), id -> bookmark(false));
        }
      });
    }

    void attach(Watch storageWatch) {
      this.watch = storageWatch;
      if (closed) {
        storageWatch.close();
      }
    }

    /** An object of the initial state: this watch's own list, so nothing to share with other watches. */
    void initialEvent(ObjectNode hub) {
      ObjectNode object = context.output().versioned(endpoint, hub);
      deliver(Long.parseLong(Meta.resourceVersion(object)), () -> Buffer.buffer(line("ADDED", render(object, hub))));
    }

    /**
     * A live event, whose hub object every watch of the kind receives: as plain JSON objects (what controllers
     * watch) the line is encoded once per version and shared; tables and metadata depend on the request.
     */
    void event(String type, ObjectNode hub) {
      long revision = Long.parseLong(Meta.resourceVersion(hub));
      if (format.shape() == ResponseFormat.Shape.OBJECT) {
        deliver(revision, () -> encodedEvents.line(hub, apiVersion, type,
            () -> line(type, context.output().versioned(endpoint, hub))));
      } else {
        deliver(revision, () -> Buffer.buffer(line(type, render(context.output().versioned(endpoint, hub), hub))));
      }
    }

    private void deliver(long revision, java.util.function.Supplier<Buffer> line) {
      queuedProgress = null;
      if (pending.incrementAndGet() > MAX_PENDING_EVENTS) {
        onLoop(() -> endWithError(ApiErrors.internal(new IllegalStateException("the watcher is too slow: more than " + MAX_PENDING_EVENTS + " events pending"))));
        return;
      }
      onLoop(() -> {
        pending.decrementAndGet();
        // encoded on the event loop, in order; a table's column header goes with the first row written
        writeLine(line.get());
        deliveredRevision = Math.max(deliveredRevision, revision);
      });
    }

    /** Every event up to {@code revision} was queued: once they are written, bookmarks may say so. */
    void progress(long revision) {
      PendingProgress queued = queuedProgress;
      if (queued != null && queued.raise(revision)) {
        return;
      }
      PendingProgress next = new PendingProgress(revision);
      queuedProgress = next;
      onLoop(() -> deliveredRevision = Math.max(deliveredRevision, next.take()));
    }

    void initialEventsEnd(long revision) {
      queuedProgress = null;
      onLoop(() -> {
        deliveredRevision = Math.max(deliveredRevision, revision);
        bookmark(true);
      });
    }

    void error(ApiException error) {
      queuedProgress = null;
      onLoop(() -> endWithError(error));
    }

    @Override
    public void onEvent(String type, ObjectNode object) {
      event(type, object);
    }

    @Override
    public void onProgress(long revision) {
      progress(revision);
    }

    @Override
    public void onClose(Throwable cause) {
      if (cause == null) {
        return;
      }
      ApiException error = cause instanceof ApiException api ? api
          : cause instanceof dev.aggregation.apiserver.storage.CompactedException c ? ApiErrors.tooOldResourceVersion(c.requested(), c.compacted())
          : ApiErrors.internal(cause);
      queuedProgress = null;
      onLoop(() -> endWithError(error));
    }

    private void bookmark(boolean initialEventsEnd) {
      if (ended) {
        return;
      }
      ObjectNode object = Json.object();
      object.put("kind", endpoint.strategy().kind());
      object.put("apiVersion", apiVersion);
      ObjectNode meta = object.putObject("metadata");
      meta.put("resourceVersion", Long.toString(deliveredRevision));
      if (initialEventsEnd) {
        meta.putObject("annotations").put(INITIAL_EVENTS_END, "true");
      }
      JsonNode rendered = format.shape() == ResponseFormat.Shape.TABLE
          ? context.output().emptyTable(meta.deepCopy(), format.metaVersion())
          : object;
      write("BOOKMARK", rendered);
    }

    private JsonNode render(ObjectNode object, ObjectNode hub) {
      return switch (format.shape()) {
        case OBJECT -> object;
        case TABLE -> {
          ObjectNode table = context.output().tableForWatch(endpoint, object, hub, context.output().tableOptions(request, format), !headerSent);
          headerSent = true;
          yield table;
        }
        case PARTIAL_OBJECT_METADATA, PARTIAL_OBJECT_METADATA_LIST -> ObjectOutput.partialObjectMetadata(object, format.metaVersion());
      };
    }

    private void write(String type, JsonNode object) {
      writeLine(Buffer.buffer(line(type, object)));
    }

    /** Writes {@code line}, which other streams may be writing too: Vert.x writes a buffer without consuming it. */
    private void writeLine(Buffer line) {
      if (ended) {
        return;
      }
      response.write(line);
      if (response.writeQueueFull()) {
        if (unreadBytes == 0) {
          response.drainHandler(v -> unreadBytes = 0);
        }
        unreadBytes += line.length();
        if (unreadBytes > maxUnreadBytes) {
          dropUnresponsive();
        }
      }
    }

    /** A client that stopped reading: its buffered events are dropped with the stream, nobody else waits for it. */
    private void dropUnresponsive() {
      LOG.warn("closing the watch {} of {}: more than {} bytes of events unread", request.routingContext().request().uri(),
          request.routingContext().request().remoteAddress(), maxUnreadBytes);
      ended = true;
      response.reset();
      close();
    }

    private void endWithError(ApiException error) {
      write("ERROR", Json.tree(error.status()));
      end();
    }

    private void end() {
      if (!ended) {
        ended = true;
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }
      close();
    }

    private void close() {
      closed = true;
      onLoop(() -> {
        if (timeoutTimer >= 0) {
          context.vertx().cancelTimer(timeoutTimer);
        }
        if (bookmarkTimer >= 0) {
          context.vertx().cancelTimer(bookmarkTimer);
        }
        ended = true;
      });
      Watch w = watch;
      if (w != null) {
        w.close();
      }
    }

    private void onLoop(Runnable task) {
      loop.execute(task);
    }
  }

  /** One line of a watch stream: {@code {"type":..,"object":..}} and a newline. */
  static byte[] line(String type, JsonNode object) {
    ObjectNode event = Json.object();
    event.put("type", type);
    event.set("object", object);
    byte[] json = Json.bytes(event);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  /** The watch writes its warnings as the other handlers do. */
  private static final class ResponseWriterSupport {
    static void warnings(HttpServerResponse response, List<String> warnings) {
      dev.aggregation.apiserver.endpoints.codec.ResponseWriter.addWarnings(response, warnings);
    }
  }
}
