package dev.aggregation.apiserver.server.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a new certificate when {@code --tls-cert-file}/{@code --tls-private-key-file} change on disk (a
 * renewed Secret mounted into the pod), without a restart: new connections get the new certificate, open ones
 * keep theirs. Polls the files' content; a pair that does not parse or whose key does not match is logged and
 * skipped, the current one stays (as Kubernetes' dynamic serving controller does).
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  /** How often Kubernetes re-reads certificate files even when no file event arrives. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpServer server;
  private final TlsServerOptions tlsOptions;
  private final Path certFile;
  private final Path keyFile;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile ServingCertificate current;
  private volatile long timerId = -1;

  public CertificateReloader(
      Vertx vertx,
      HttpServer server,
      TlsServerOptions tlsOptions,
      Path certFile,
      Path keyFile,
      ServingCertificate served) {
    this.vertx = vertx;
    this.server = server;
    this.tlsOptions = tlsOptions;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.current = served;
  }

  public CertificateReloader start(Duration interval) {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> checkOnce());
    return this;
  }

  /** The certificate being served now. */
  public ServingCertificate current() {
    return current;
  }

  /**
   * Reads the files (on a worker thread) and swaps the server's certificate if they changed. Completes with
   * true when a new certificate is being served. Overlapping calls are skipped.
   */
  public Future<Boolean> checkOnce() {
    if (!checking.compareAndSet(false, true)) {
      return Future.succeededFuture(false);
    }
    return vertx
        .executeBlocking(this::readChanged, false)
        .compose(
            changed -> {
              if (changed.isEmpty()) {
                return Future.succeededFuture(false);
              }
              ServingCertificate next = changed.get();
              return server
                  .updateSSLOptions(tlsOptions.sslOptions(next), true)
                  .map(
                      updated -> {
                        if (updated) {
                          current = next;
                          LOG.info(
                              "serving certificate reloaded from {}: {} (serial {}, valid until {})",
                              certFile,
                              next.leaf().getSubjectX500Principal(),
                              next.leaf().getSerialNumber().toString(16),
                              next.leaf().getNotAfter().toInstant());
                        }
                        return updated;
                      });
            })
        .onFailure(e -> LOG.error("cannot serve the new certificate from {}: {}", certFile, e.toString(), e))
        .onComplete(done -> checking.set(false));
  }

  private Optional<ServingCertificate> readChanged() {
    try {
      ServingCertificate read = ServingCertificate.read(certFile, keyFile);
      return read.sameContent(current) ? Optional.empty() : Optional.of(read);
    } catch (Exception e) {
      // Mid-rotation states (new cert, old key) are expected for a moment: keep serving the current pair.
      LOG.warn("keeping the current serving certificate, {} / {} are not usable: {}", certFile, keyFile, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }
}
