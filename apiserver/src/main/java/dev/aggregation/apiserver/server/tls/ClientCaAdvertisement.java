package dev.aggregation.apiserver.server.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client CAs that the TLS handshake advertises current. Clients pick their certificate by that list, and
 * Go's client sends none when no CA on it issued its certificate, so kube-apiserver's front proxy would stop
 * authenticating after its CA rotated in {@code extension-apiserver-authentication}. The JDK engine asks the trust
 * manager at every handshake, but OpenSSL copies the list into its context when it builds one. So this reads the
 * acceptable CAs every interval (from memory: the ConfigMap's watch or the files read at start) and, when they
 * changed, has the secure port build its TLS context again. New connections get the new list; open ones keep
 * theirs, as they keep their serving certificate. Only for an engine that copies the list
 * ({@link TlsServerOptions#copiesClientCasIntoItsContext}): a rebuild closes the connections accepted while it runs
 * (see {@code SecurePort.rebuildTls}), which a CA rotation may cost but a JDK engine need not.
 */
public final class ClientCaAdvertisement implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCaAdvertisement.class);

  /** How often the list is compared: a rotated front-proxy CA is advertised within this much of the watch seeing it. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Supplier<List<X509Certificate>> acceptable;
  private final Supplier<Future<Void>> rebuild;
  private volatile List<X509Certificate> advertised;
  private volatile long timerId = -1;

  /**
   * @param acceptable the CAs to advertise now; must not block (it runs on an event loop)
   * @param rebuild builds the TLS contexts again, which then advertise {@code acceptable}'s answer of that moment
   */
  public ClientCaAdvertisement(Vertx vertx, Supplier<List<X509Certificate>> acceptable, Supplier<Future<Void>> rebuild) {
    this.vertx = vertx;
    this.acceptable = acceptable;
    this.rebuild = rebuild;
    this.advertised = List.copyOf(acceptable.get());
  }

  public ClientCaAdvertisement start(Duration interval) {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> checkOnce());
    return this;
  }

  /** Rebuilds the contexts when the acceptable CAs differ from those advertised; completes with whether it did. */
  public Future<Boolean> checkOnce() {
    List<X509Certificate> now = List.copyOf(acceptable.get());
    if (now.equals(advertised)) {
      return Future.succeededFuture(false);
    }
    LOG.info("the acceptable client CAs changed ({} now): rebuilding the secure port's TLS contexts", now.size());
    return rebuild.get()
        .map(rebuilt -> {
          advertised = now;
          return true;
        })
        // the next check tries again
        .onFailure(e -> LOG.error("rebuilding the secure port's TLS contexts for the new client CAs failed", e));
  }

  @Override
  public void close() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }
}
