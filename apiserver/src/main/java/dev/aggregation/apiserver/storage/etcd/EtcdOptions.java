package dev.aggregation.apiserver.storage.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach etcd: kube-apiserver's {@code --etcd-servers}, {@code --etcd-cafile}, {@code --etcd-certfile} and
 * {@code --etcd-keyfile}, plus the bound every request to etcd has.
 *
 * @param endpoints etcd's client URLs ({@code http://host:port}, or {@code https://} with TLS)
 * @param caFile the CA that signs etcd's serving certificates (TLS); without it the JVM's trust store is used
 * @param certFile the client certificate the apiserver presents to etcd (with {@code keyFile})
 * @param keyFile the client certificate's private key (PEM)
 * @param requestTimeout how long one request may take, waiting for a connection included, before it fails with
 *     a {@code StorageException}: with etcd unreachable requests fail after at most this long, never hang
 * @param watchQueueCapacity events a watch may have waiting for its listener before it is closed as too slow
 */
public record EtcdOptions(
    List<URI> endpoints,
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Duration requestTimeout,
    int watchQueueCapacity) {

  /** Bounds a request when the caller gives no other bound (kube-apiserver's etcd request timeout is 5–10 s). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public static final int DEFAULT_WATCH_QUEUE_CAPACITY = 10_000;

  public EtcdOptions {
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one etcd endpoint is needed");
    }
    for (URI endpoint : endpoints) {
      String scheme = endpoint.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null || endpoint.getPort() < 0) {
        throw new IllegalArgumentException(
            "an etcd endpoint is scheme://host:port with scheme http or https, got " + endpoint);
      }
    }
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("the etcd client certificate and key must be given together");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the etcd request timeout must be positive, got " + requestTimeout);
    }
    if (watchQueueCapacity < 1) {
      throw new IllegalArgumentException("watchQueueCapacity must be positive, got " + watchQueueCapacity);
    }
  }

  /** Plain-text connections to {@code endpoints} with the default bounds. */
  public static EtcdOptions of(List<URI> endpoints) {
    return new EtcdOptions(
        endpoints,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_WATCH_QUEUE_CAPACITY);
  }

  public EtcdOptions withRequestTimeout(Duration timeout) {
    return new EtcdOptions(endpoints, caFile, certFile, keyFile, timeout, watchQueueCapacity);
  }

  public EtcdOptions withTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    return new EtcdOptions(endpoints, caFile, certFile, keyFile, requestTimeout, watchQueueCapacity);
  }

  /** Whether connections use TLS: an https endpoint, or any TLS file given. */
  public boolean tls() {
    return caFile.isPresent()
        || certFile.isPresent()
        || endpoints.stream().anyMatch(endpoint -> "https".equals(endpoint.getScheme()));
  }
}
