package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecurePortTest {
  private static final int LOOPS = 4;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpServerOptions tls() {
    return new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()).setHost("127.0.0.1").setPort(0);
  }

  /** A new connection per request, so that each may be handed to another loop. */
  private String threadOfANewConnection(int port) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false).setKeepAlive(false));
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/"))
          .compose(request -> request.send())
          .compose(response -> response.body())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servesNewConnectionsFromEveryEventLoopOnOnePort() throws Exception {
    try (SecurePort port = SecurePort.listen(vertx, tls(), null, request -> request.response().end(Thread.currentThread().getName()), LOOPS)) {
      Set<String> loops = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 4 * LOOPS; i++) {
        loops.add(threadOfANewConnection(port.port()));
      }

      assertThat(port.port()).isPositive();
      assertThat(loops).hasSize(LOOPS).allSatisfy(thread -> assertThat(thread).startsWith("vert.x-eventloop-thread-"));
    }
  }

  @Test
  void handsEachNewConnectionToTheConnectionHandler() throws Exception {
    Set<Object> connections = ConcurrentHashMap.newKeySet();
    try (SecurePort port = SecurePort.listen(vertx, tls(), connections::add, request -> request.response().end("ok"), LOOPS)) {
      for (int i = 0; i < 3; i++) {
        threadOfANewConnection(port.port());
      }

      assertThat(connections).hasSize(3);
    }
  }

  @Test
  void stopsListeningOnEveryLoopWhenClosed() throws Exception {
    SecurePort port = SecurePort.listen(vertx, tls(), null, request -> request.response().end("ok"), LOOPS);
    int number = port.port();
    port.close();

    assertThatThrownBy(() -> threadOfANewConnection(number)).hasMessageContaining("Connection refused");
  }

  @Test
  void refusesToListenFromNoEventLoop() {
    assertThatThrownBy(() -> SecurePort.listen(vertx, tls(), null, request -> request.response().end(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
