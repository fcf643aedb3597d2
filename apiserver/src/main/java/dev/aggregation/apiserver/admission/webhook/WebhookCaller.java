package dev.aggregation.apiserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts AdmissionReviews to webhooks over HTTPS with Vert.x's client: to {@code clientConfig.url}, or to
 * {@code https://<service>.<namespace>.svc:<port><path>}, trusting {@code caBundle} (else the JVM's roots) and
 * checking the server's name. As Kubernetes' REST client does, the URL carries {@code ?timeout=<n>s}. One
 * client per CA bundle, kept for the server's life (webhook configurations name few bundles).
 */
public final class WebhookCaller implements AutoCloseable {
  private final Vertx vertx;
  private final ServiceResolver resolver;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  public WebhookCaller(Vertx vertx, ServiceResolver resolver) {
    this.vertx = Objects.requireNonNull(vertx);
    this.resolver = Objects.requireNonNull(resolver);
  }

  /** A call under way; {@link #await} blocks (on a worker) for its JSON answer. */
  final class Call {
    private final Future<JsonNode> response;
    private final String url;
    private final String webhookName;
    private final int timeoutSeconds;

    private Call(Future<JsonNode> response, String url, String webhookName, int timeoutSeconds) {
      this.response = response;
      this.url = url;
      this.webhookName = webhookName;
      this.timeoutSeconds = timeoutSeconds;
    }

    JsonNode await() throws WebhookCallException {
      try {
        // the client's own timeout fires first; this bound also covers a server that trickles bytes
        return response.toCompletionStage().toCompletableFuture().get(timeoutSeconds + 1L, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw failed(new IOException("context deadline exceeded"));
      } catch (ExecutionException e) {
        throw failed(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(new IOException("context canceled"));
      }
    }

    private WebhookCallException failed(Throwable cause) {
      if (cause instanceof WebhookCallException callException) {
        return callException;
      }
      String reason = cause instanceof io.netty.handler.timeout.TimeoutException
          || (cause.getMessage() != null && cause.getMessage().contains("timeout"))
          ? "context deadline exceeded"
          : String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
      return new WebhookCallException(webhookName, "failed to call webhook: Post \"" + url + "\": " + reason, cause);
    }
  }

  Call post(Webhook webhook, JsonNode review) throws WebhookCallException {
    Target target = target(webhook);
    String timeout = webhook.timeoutSeconds() + "s";
    String pathAndQuery = target.path() + (target.path().contains("?") ? "&" : "?") + "timeout=" + timeout;
    String url = "https://" + target.host() + ":" + target.port() + pathAndQuery;
    HttpClient client;
    try {
      client = clients.computeIfAbsent(caBundle(webhook), this::client);
    } catch (IllegalArgumentException e) {
      throw new WebhookCallException(webhook.name(), "could not get REST client: " + e.getMessage(), e);
    }
    long timeoutMillis = TimeUnit.SECONDS.toMillis(webhook.timeoutSeconds());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(target.host())
        .setPort(target.port())
        .setURI(pathAndQuery)
        .setConnectTimeout(timeoutMillis)
        .setIdleTimeout(timeoutMillis)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json, */*");
    target.address().ifPresent(options::setServer);
    Buffer body = Buffer.buffer(Json.bytes(review));
    Future<JsonNode> response = client.request(options)
        .compose(request -> request.send(body))
        .compose(answer -> answer.body().map(bytes -> {
          if (answer.statusCode() < 200 || answer.statusCode() > 299) {
            throw new IllegalStateException(statusError(answer.statusCode(), bytes));
          }
          try {
            return Json.mapper().readTree(bytes.getBytes());
          } catch (IOException e) {
            throw new IllegalStateException("couldn't get version/kind; json parse error: " + e.getMessage(), e);
          }
        }));
    return new Call(response, url, webhook.name(), webhook.timeoutSeconds());
  }

  /** What Kubernetes' REST client reports for an error status: the body's Status message if there is one. */
  private static String statusError(int code, Buffer body) {
    try {
      JsonNode status = Json.mapper().readTree(body.getBytes());
      if (status != null && "Status".equals(status.path("kind").asText()) && status.hasNonNull("message")) {
        return status.get("message").asText();
      }
    } catch (IOException notJson) {
      // fall through to the generic message
    }
    return "the server responded with the status code " + code + " but did not return more information";
  }

  private record Target(String host, int port, String path, java.util.Optional<io.vertx.core.net.SocketAddress> address) {}

  private Target target(Webhook webhook) throws WebhookCallException {
    WebhookClientConfig config = webhook.clientConfig();
    if (config == null) {
      throw new WebhookCallException(webhook.name(), "webhook has no clientConfig", null);
    }
    if (config.getUrl() != null && !config.getUrl().isEmpty()) {
      try {
        URI uri = new URI(config.getUrl());
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
          throw new WebhookCallException(webhook.name(), "webhook URL must be https: " + config.getUrl(), null);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
          path += "?" + uri.getRawQuery();
        }
        return new Target(uri.getHost(), uri.getPort() < 0 ? 443 : uri.getPort(), path, java.util.Optional.empty());
      } catch (URISyntaxException e) {
        throw new WebhookCallException(webhook.name(), "invalid webhook URL: " + e.getMessage(), e);
      }
    }
    ServiceReference service = config.getService();
    if (service == null) {
      throw new WebhookCallException(webhook.name(), "webhook has neither url nor service", null);
    }
    int port = service.getPort() == null ? 443 : service.getPort();
    String host = service.getName() + "." + service.getNamespace() + ".svc";
    String path = service.getPath() == null || service.getPath().isEmpty() ? "/" : service.getPath();
    return new Target(host, port, path, resolver.resolve(service.getNamespace(), service.getName(), port));
  }

  private static String caBundle(Webhook webhook) {
    String bundle = webhook.clientConfig() == null ? null : webhook.clientConfig().getCaBundle();
    return bundle == null ? "" : bundle;
  }

  private HttpClient client(String caBundle) {
    HttpClientOptions options = new HttpClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setForceSni(true)
        .setKeepAlive(true);
    if (!caBundle.isEmpty()) {
      byte[] pem;
      try {
        pem = Base64.getDecoder().decode(caBundle);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("caBundle is not base64: " + e.getMessage(), e);
      }
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem)));
    }
    return vertx.createHttpClient(options);
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }
}
