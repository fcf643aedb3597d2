package dev.aggregation.bench.load;

import dev.aggregation.apiserver.server.SecurePort;
import dev.aggregation.apiserver.server.tls.TlsServerOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.Map;

/**
 * The ceiling: a minimal Vert.x HTTPS server on the same Vert.x and TLS stack as the apiserver, answering each path
 * with bytes recorded from the real server (same status, content type and body), doing no other work.
 */
public final class CeilingServer implements Ceiling {
  /** A recorded answer. */
  public record Canned(int status, String contentType, Buffer body) {}

  private final SecurePort server;

  private CeilingServer(SecurePort server) {
    this.server = server;
  }

  /** @param answers each path's recorded answer, all known before the server starts (it never changes them) */
  public static CeilingServer start(Vertx vertx, Map<String, Canned> answers) throws Exception {
    Map<String, Canned> byPath = Map.copyOf(answers);
    return new CeilingServer(listen(vertx, request -> request.body().onComplete(ignored -> {
      Canned canned = byPath.get(request.path());
      if (canned == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().setStatusCode(canned.status()).putHeader("Content-Type", canned.contentType()).end(canned.body());
    })));
  }

  /**
   * Listens with {@link #tlsOptions()} from every event loop of {@code vertx} (as many as the apiserver serves
   * from, Vert.x's default of twice the cores), through the apiserver's own {@link SecurePort}.
   */
  static SecurePort listen(Vertx vertx, Handler<HttpServerRequest> requests) throws Exception {
    return SecurePort.listen(vertx, tlsOptions(), null, requests, new VertxOptions().getEventLoopPoolSize());
  }

  /**
   * The TLS options every ceiling listens with: the apiserver's secure port's (TlsServerOptions), less what only
   * a real server needs (client certificates, the Go cipher-suite names): a self-signed certificate on loopback,
   * ALPN h2 and http/1.1, and the apiserver's TLS engine ({@link TlsServerOptions#engineOptions}), so that a
   * ceiling stays the best this framework does with no work.
   */
  static HttpServerOptions tlsOptions() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
    return new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setSslEngineOptions(TlsServerOptions.engineOptions())
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(certificate.keyCertOptions()).setHost("127.0.0.1").setPort(0);
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
