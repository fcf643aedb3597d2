package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An open watch: a reader thread turns the chunked body into events as they arrive. {@link #next} waits
 * generously for the next one (the wait bounds a hung test, it is no assertion on timing).
 */
public final class WatchStream implements AutoCloseable {
  private static final long WAIT_SECONDS = 20;
  private static final Object END = new Object();

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean ended;

  private WatchStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "watch-reader");
    this.reader.setDaemon(true);
  }

  static WatchStream reading(HttpResponse<Stream<String>> response) {
    WatchStream stream = new WatchStream(response);
    stream.reader.start();
    return stream;
  }

  private void read() {
    try (Stream<String> lines = response.body()) {
      lines.filter(line -> !line.isBlank()).forEach(line -> events.add(parse(line)));
    } catch (RuntimeException e) {
      // the stream was closed under the reader (close()) or broke; either way it ends here
    } finally {
      events.add(END);
    }
  }

  private static Object parse(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      return new AssertionError("a watch line is not JSON: " + line, e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The next event ({@code {"type":..,"object":..}}); fails when the stream ends first. */
  public ObjectNode next() {
    Object event;
    try {
      event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for a watch event", e);
    }
    if (event == null) {
      throw new AssertionError("no watch event within " + WAIT_SECONDS + " s");
    }
    if (event == END) {
      ended = true;
      events.add(END);
      throw new AssertionError("the watch ended before the next event");
    }
    if (event instanceof AssertionError error) {
      throw error;
    }
    return (ObjectNode) event;
  }

  /** Skips events until one matches (bookmarks between events, for instance) and returns it. */
  public ObjectNode nextMatching(Predicate<ObjectNode> wanted) {
    while (true) {
      ObjectNode event = next();
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  /** The next event that is not a BOOKMARK. */
  public ObjectNode nextChange() {
    return nextMatching(event -> !event.path("type").asText().equals("BOOKMARK"));
  }

  /** Every event until the server ends the stream. */
  public List<ObjectNode> untilEnd() {
    List<ObjectNode> rest = new ArrayList<>();
    while (true) {
      Object event;
      try {
        event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for the end of a watch", e);
      }
      if (event == null) {
        throw new AssertionError("the watch did not end within " + WAIT_SECONDS + " s; events so far: " + rest);
      }
      if (event == END) {
        ended = true;
        events.add(END);
        return rest;
      }
      if (event instanceof AssertionError error) {
        throw error;
      }
      rest.add((ObjectNode) event);
    }
  }

  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    reader.interrupt();
    try {
      response.body().close();
    } catch (RuntimeException e) {
      // already closed by the reader
    }
  }
}
