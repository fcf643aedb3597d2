package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS client of a {@link TestApiServer}: trusts the server's dev CA, presents one identity (a client
 * certificate, a bearer token, or nothing), and returns whole responses as {@link Reply} or watch streams as
 * {@link WatchStream}. Paths are relative to the server ({@code /apis/...}).
 */
public final class TestClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http;
  private final String token;

  private TestClient(String base, HttpClient http, String token) {
    this.base = base;
    this.http = http;
    this.token = token;
  }

  static TestClient create(String base, Path caFile, IssuedCertificate clientCertificate, String token) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.readCertificates(caFile).get(0));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (clientCertificate != null) {
      char[] password = "test".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", clientCertificate.privateKey(), password, new Certificate[] {clientCertificate.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    HttpClient.Builder http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10));
    if (clientCertificate == null && token == null) {
      // the server sends GOAWAY after answering an anonymous HTTP/2 request (Kubernetes' unauthenticated HTTP/2
      // DoS mitigation); Go clients retry on a new connection, the JDK client fails the next request instead
      http.version(HttpClient.Version.HTTP_1_1);
    }
    return new TestClient(base, http.build(), token);
  }

  public Reply get(String path, String... headers) {
    return send("GET", path, null, null, headers);
  }

  /** POST of a JSON body. */
  public Reply post(String path, String json, String... headers) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** PUT of a JSON body. */
  public Reply put(String path, String json, String... headers) {
    return send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
  }

  public Reply patch(String path, String contentType, String body, String... headers) {
    return send("PATCH", path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public Reply delete(String path, String... headers) {
    return send("DELETE", path, null, null, headers);
  }

  /** DELETE with a DeleteOptions JSON body, as kubectl sends it. */
  public Reply deleteWithOptions(String path, String deleteOptions, String... headers) {
    return send("DELETE", path, "application/json", deleteOptions.getBytes(StandardCharsets.UTF_8), headers);
  }

  /**
   * Any request; {@code contentType} and {@code body} may be null.
   *
   * @param headers name, value, name, value...
   */
  public Reply send(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest request = request(method, path, contentType, body, headers).build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  /** Opens a watch (the path carries {@code watch=true}); returns once the response headers arrived. */
  public WatchStream watch(String path, String... headers) {
    HttpRequest request = request("GET", path, null, null, headers).timeout(Duration.ofMinutes(5)).build();
    try {
      HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
      return WatchStream.reading(response);
    } catch (IOException e) {
      throw new UncheckedIOException("watch " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted opening watch " + path, e);
    }
  }

  private HttpRequest.Builder request(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    List<String> pairs = new ArrayList<>(List.of(headers));
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      builder.header(pairs.get(i), pairs.get(i + 1));
    }
    return builder;
  }
}
