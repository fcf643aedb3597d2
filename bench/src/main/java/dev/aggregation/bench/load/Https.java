package dev.aggregation.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench's own HTTPS client for setup and checks (wrk does the load). It trusts any certificate: the servers
 * it talks to are the ones this bench started on loopback with certificates they made themselves.
 */
public final class Https implements AutoCloseable {
  private final Vertx vertx;
  private final WebClient client;
  private final String base;
  private final String token;

  public Https(Vertx vertx, int port, String token, int poolSize) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setMaxPoolSize(poolSize).setKeepAlive(true).setConnectTimeout(5_000));
    this.base = "https://127.0.0.1:" + port;
    this.token = token;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String base() {
    return base;
  }

  public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String accept, Buffer body) {
    var request = client.requestAbs(method, base + path).putHeader("Authorization", "Bearer " + token).timeout(30_000);
    if (accept != null) {
      request.putHeader("Accept", accept);
    }
    if (body == null) {
      return request.send();
    }
    return request.putHeader("Content-Type", "application/json").sendBuffer(body);
  }

  /** The response, waiting at most {@code timeout}; fails on a transport error. */
  public HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> response, Duration timeout) {
    try {
      return response.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + base, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("request to " + base + " failed", e);
    }
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, String accept, Buffer body) {
    HttpResponse<Buffer> response = await(send(method, path, accept, body), Duration.ofSeconds(30));
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response;
  }

  @Override
  public void close() {
    client.close();
  }
}
