package dev.aggregation.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * /healthz, /readyz and /metrics over plain HTTP on the pod network, for the kubelet and Prometheus. The JDK's
 * server is enough for three read-only endpoints; nothing here needs a framework.
 */
public final class OperatorHttpServer implements AutoCloseable {
  public static final String LIVENESS = "/healthz";
  public static final String READINESS = "/readyz";
  public static final String METRICS = "/metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OperatorHttpServer start(int port, HealthChecks health, OperatorMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for /healthz, /readyz and /metrics", e);
    }
    server.createContext(LIVENESS, exchange -> probe(exchange, health::liveness));
    server.createContext(READINESS, exchange -> probe(exchange, health::readiness));
    server.createContext(METRICS, exchange -> {
      if (allowed(exchange)) {
        respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
      }
    });
    ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "operator-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    return new OperatorHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, Supplier<HealthChecks.Result> check) throws IOException {
    if (allowed(exchange)) {
      HealthChecks.Result result = check.get();
      respond(exchange, result.status(), "text/plain; charset=utf-8", result.detail() + "\n");
    }
  }

  /** Only GET (and HEAD) of exactly the registered path; the JDK server matches contexts by prefix. */
  private static boolean allowed(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
      respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      return false;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
      return false;
    }
    return true;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting, lets a probe in flight finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
  }
}
