package dev.aggregation.apiserver.server;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SSLOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The secure port, served from every event loop. An HTTP server takes its event loop from the context it listens
 * from, and outside a verticle Vert.x gives a thread one sticky context: one server would serve every connection
 * on one loop, leaving the other cores to workers (under GET load on two cores, a single loop did all the TLS and
 * HTTP work while the second core had little to do). So one server listens per event loop, each from a verticle
 * instance of its own (each instance is given its own loop), and Vert.x shares the socket among them, handing
 * each new connection to the next.
 */
public final class SecurePort implements AutoCloseable {
  private static final long START_SECONDS = 30;
  private static final long CLOSE_SECONDS = 10;
  /** Any negative port: Vert.x binds it as port 0 once and shares it among the servers listening on it. */
  private static final int SHARED_RANDOM_PORT = -1;

  private final Vertx vertx;
  private final String deployment;
  private final int port;
  private final HttpServerOptions options;
  private final List<HttpServer> servers;

  private SecurePort(Vertx vertx, String deployment, int port, HttpServerOptions options, List<HttpServer> servers) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.options = options;
    this.servers = List.copyOf(servers);
  }

  /**
   * Listens with {@code options} from {@code loops} event loops, all on the options' port. Port 0 (one the OS
   * picks) is asked of Vert.x as a negative port, which is how its servers share one random port; with 0 each
   * would bind a port of its own. {@code connections} may be null (no connection handler).
   */
  public static SecurePort listen(Vertx vertx, HttpServerOptions options, Handler<HttpConnection> connections,
      Handler<HttpServerRequest> requests, int loops) throws Exception {
    if (loops < 1) {
      throw new IllegalArgumentException("the secure port needs at least one event loop, got " + loops);
    }
    HttpServerOptions shared = new HttpServerOptions(options);
    if (shared.getPort() == 0) {
      shared.setPort(SHARED_RANDOM_PORT);
    }
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    String deployment = vertx.deployVerticle(() -> new Listener(shared, connections, requests, servers::add),
            new DeploymentOptions().setInstances(loops))
        .toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
    return new SecurePort(vertx, deployment, servers.get(0).actualPort(), shared, servers);
  }

  /** The port every loop listens on. */
  public int port() {
    return port;
  }

  /**
   * Builds the port's TLS context again from the same options, for the next connections: for what an engine reads
   * only when it builds a context (OpenSSL copies the advertised client CAs then). The servers of one port share
   * the context of the one that bound the socket, and Vert.x hands an update on any of them to that one: one
   * update serves every loop. Vert.x 4.5 publishes the update before the context is built, and a connection
   * accepted meanwhile (a few milliseconds) is closed before its handshake.
   */
  public Future<Void> rebuildTls() {
    return servers.get(0).updateSSLOptions(new SSLOptions(options.getSslOptions()), true).mapEmpty();
  }

  /** Stops listening on every loop; the connections open on them close. */
  @Override
  public void close() throws Exception {
    try {
      vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot stop the secure port's listeners on port " + port, e);
    }
  }

  /** One event loop's server: it listens when deployed, and Vert.x closes it when undeployed. */
  private static final class Listener extends AbstractVerticle {
    private final HttpServerOptions options;
    private final Handler<HttpConnection> connections;
    private final Handler<HttpServerRequest> requests;
    private final Consumer<HttpServer> listening;

    Listener(HttpServerOptions options, Handler<HttpConnection> connections, Handler<HttpServerRequest> requests,
        Consumer<HttpServer> listening) {
      this.options = options;
      this.connections = connections;
      this.requests = requests;
      this.listening = listening;
    }

    @Override
    public void start(Promise<Void> started) {
      HttpServer server = vertx.createHttpServer(options).requestHandler(requests);
      if (connections != null) {
        server.connectionHandler(connections);
      }
      server.listen()
          .onSuccess(listener -> {
            listening.accept(listener);
            started.complete();
          })
          .onFailure(started::fail);
    }
  }
}
