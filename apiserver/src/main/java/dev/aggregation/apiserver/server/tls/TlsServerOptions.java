package dev.aggregation.apiserver.server.tls;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.TrustOptions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the secure port, as k8s.io/apiserver's secure serving sets it up: the serving certificate
 * (swappable, see {@link #serve}), TLS 1.2+ (or 1.3 only) with Kubernetes' cipher suites, ALPN {@code h2} and
 * {@code http/1.1}, and {@code RequestClientCert}: a client certificate is asked for (advertising the client
 * CAs) but never required nor verified in the handshake — the authenticators decide.
 */
public final class TlsServerOptions {
  private static final Logger LOG = LoggerFactory.getLogger(TlsServerOptions.class);

  private final TlsVersion minVersion;
  private final List<String> jdkCipherSuites;
  private final Supplier<List<X509Certificate>> acceptableClientCas;
  private final ServingKeyManager keyManager;
  private final SSLEngineOptions engine = engineOptions();

  /**
   * @param certificate the serving certificate to start with
   * @param minVersion from {@code --tls-min-version}
   * @param goCipherSuites {@code --tls-cipher-suites} (Go names), empty for the defaults
   * @param acceptableClientCas the union of the client CA and the request-header CA, read on each handshake
   */
  public TlsServerOptions(
      ServingCertificate certificate,
      TlsVersion minVersion,
      List<String> goCipherSuites,
      Supplier<List<X509Certificate>> acceptableClientCas) {
    this.minVersion = minVersion;
    this.jdkCipherSuites = CipherSuites.forFlag(goCipherSuites);
    this.acceptableClientCas = acceptableClientCas;
    this.keyManager = new ServingKeyManager(certificate);
  }

  /**
   * Options for {@code vertx.createHttpServer} listening on {@code host:port}. Every server created from them
   * shares the serving certificate slot.
   */
  public HttpServerOptions httpServerOptions(String host, int port) {
    if (engine instanceof OpenSSLEngineOptions) {
      LOG.info("TLS by {} (netty-tcnative)", OpenSsl.versionString());
    } else {
      LOG.info("TLS by the JDK: netty-tcnative cannot load here ({})", String.valueOf(OpenSsl.unavailabilityCause()));
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setSslEngineOptions(engine)
            .setUseAlpn(true)
            .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
            .setClientAuth(ClientAuth.REQUEST)
            .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
            .setTrustOptions(TrustOptions.wrap(new ClientCertificateRequestingTrustManager(acceptableClientCas)))
            .setEnabledSecureTransportProtocols(minVersion.enabledProtocols());
    jdkCipherSuites.forEach(options::addEnabledCipherSuite);
    return options;
  }

  /**
   * The TLS engine of the secure port (and of the bench's ceilings, which must use the same): BoringSSL through
   * Netty's tcnative when its native library loads here (linux on x86-64 or arm64), else the JDK's. Under load on
   * two cores BoringSSL cut GET's p99 at 32 connections from 11.6–18.5 ms to 9.2–10.5 ms and LIST's from 50–77 ms
   * to 41–49 ms, at less CPU per list (docs/benchmarks.md). It copies the advertised client CAs into its context
   * when it builds one, which is why {@link ClientCaAdvertisement} rebuilds the context when they change.
   */
  public static SSLEngineOptions engineOptions() {
    if (OpenSSLEngineOptions.isAvailable()) {
      return new OpenSSLEngineOptions();
    }
    // The JDK engine needs a packet-sized (about 16 KiB) buffer for every TLS record it writes; unpooled, that was
    // half of all the bytes the server allocated under load, and a young collection every 40 ms. (The engine's
    // server contexts skip Netty's once-per-JVM self-check: see ServerSslContextFactory.)
    return new ServerJdkSslEngineOptions().setPooledHeapBuffers(true);
  }

  /**
   * Whether the engine copies the acceptable client CAs into a TLS context when it builds one (OpenSSL), so that
   * the context must be built again when they change ({@link ClientCaAdvertisement}); the JDK's asks at every
   * handshake.
   */
  public boolean copiesClientCasIntoItsContext() {
    return engine instanceof OpenSSLEngineOptions;
  }

  /** Serves {@code certificate} from the next TLS handshake on; open connections keep theirs. */
  public void serve(ServingCertificate certificate) {
    keyManager.serve(certificate);
  }

  public List<String> jdkCipherSuites() {
    return jdkCipherSuites;
  }
}
