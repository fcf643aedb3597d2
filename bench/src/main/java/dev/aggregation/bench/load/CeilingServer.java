package dev.aggregation.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: a minimal Vert.x HTTPS server on the same Vert.x and TLS stack as the apiserver, answering each path
 * with bytes recorded from the real server (same status, content type and body), doing no other work.
 */
public final class CeilingServer implements AutoCloseable {
  /** A recorded answer. */
  public record Canned(int status, String contentType, Buffer body) {}

  private final Map<String, Canned> answers = new ConcurrentHashMap<>();
  private final HttpServer server;

  private CeilingServer(HttpServer server) {
    this.server = server;
  }

  public static CeilingServer start(Vertx vertx) throws Exception {
    HttpServer server = vertx.createHttpServer(tlsOptions());
    CeilingServer ceiling = new CeilingServer(server);
    server.requestHandler(request -> request.body().onComplete(ignored -> {
      Canned canned = ceiling.answers.get(request.path());
      if (canned == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().setStatusCode(canned.status()).putHeader("Content-Type", canned.contentType()).end(canned.body());
    }));
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return ceiling;
  }

  /**
   * The TLS options every ceiling listens with: the apiserver's secure port's (TlsServerOptions), less what only
   * a real server needs (client certificates, the Go cipher-suite names): a self-signed certificate on loopback,
   * ALPN h2 and http/1.1, and the JDK engine writing its TLS records into pooled heap buffers, as the apiserver's
   * does, so that a ceiling stays the best this framework does with no work.
   */
  static HttpServerOptions tlsOptions() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
    return new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true))
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(certificate.keyCertOptions()).setHost("127.0.0.1").setPort(0);
  }

  public void answer(String path, Canned canned) {
    answers.put(path, canned);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
  }
}
