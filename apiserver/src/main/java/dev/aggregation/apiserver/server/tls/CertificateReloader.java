package dev.aggregation.apiserver.server.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a new certificate when {@code --tls-cert-file}/{@code --tls-private-key-file} change on disk (a
 * renewed Secret mounted into the pod), without a restart: new connections get the new certificate, open ones
 * keep theirs. Polls the files' content off the event loop; a pair that does not parse or whose key does not
 * match is logged and skipped, and the current one stays (as Kubernetes' dynamic serving controller does).
 * Reads on every change in the files' directories as well as every interval: a renewal is served within
 * moments of kubelet writing it, not up to an interval later, which a short renewBefore could not afford.
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  /** How often the files are read; Kubernetes re-reads them every minute and on file events. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final TlsServerOptions tlsOptions;
  private final Path certFile;
  private final Path keyFile;
  private final AtomicBoolean checking = new AtomicBoolean();
  /** A change seen while a check ran: the running check may have read the files before it, so check again. */
  private final AtomicBoolean recheck = new AtomicBoolean();
  private volatile DirectoryWatch watch;
  private volatile ServingCertificate current;
  private volatile long timerId = -1;

  /** @param served the certificate {@code tlsOptions} serves now */
  public CertificateReloader(
      Vertx vertx, TlsServerOptions tlsOptions, Path certFile, Path keyFile, ServingCertificate served) {
    this.vertx = vertx;
    this.tlsOptions = tlsOptions;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.current = served;
  }

  public CertificateReloader start(Duration interval) {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> checkOnce());
    try {
      watch = DirectoryWatch.start(List.of(certFile, keyFile), this::checkOnce);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot watch the directories of {} and {}, reading them every {} only: {}",
          certFile, keyFile, interval, e.toString());
    }
    return this;
  }

  /** The certificate being served now. */
  public ServingCertificate current() {
    return current;
  }

  /**
   * Reads the files on a worker thread and serves them if they changed. Completes with true when a new
   * certificate is served. A call while another is running makes that one check again when it is done.
   */
  public Future<Boolean> checkOnce() {
    if (!checking.compareAndSet(false, true)) {
      recheck.set(true);
      return Future.succeededFuture(false);
    }
    return vertx
        .executeBlocking(this::readChanged, false)
        .map(
            changed -> {
              changed.ifPresent(this::serve);
              return changed.isPresent();
            })
        .onComplete(done -> {
          checking.set(false);
          if (recheck.getAndSet(false)) {
            checkOnce();
          }
        });
  }

  private void serve(ServingCertificate next) {
    tlsOptions.serve(next);
    current = next;
    LOG.info(
        "serving certificate reloaded from {}: {} (serial {}, valid until {})",
        certFile,
        next.leaf().getSubjectX500Principal(),
        next.leaf().getSerialNumber().toString(16),
        next.leaf().getNotAfter().toInstant());
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
    if (watch != null) {
      watch.close();
    }
  }
}
