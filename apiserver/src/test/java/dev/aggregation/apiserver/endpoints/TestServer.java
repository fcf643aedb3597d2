package dev.aggregation.apiserver.endpoints;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A real Vert.x HTTP server on an ephemeral port with the handlers under test, and a JDK client for it. */
public final class TestServer implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private TestServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static TestServer start(Consumer<Router> routes) throws Exception {
    return startWith((vertx, router) -> routes.accept(router));
  }

  /** Starts a server whose router is built with the server's Vert.x instance. */
  public static TestServer startWith(BiConsumer<Vertx, Router> routes) throws Exception {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    routes.accept(vertx, router);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return new TestServer(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
