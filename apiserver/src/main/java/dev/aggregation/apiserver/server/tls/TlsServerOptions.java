package dev.aggregation.apiserver.server.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * The TLS side of the secure port, as k8s.io/apiserver's secure serving sets it up: the serving certificate,
 * TLS 1.2+ (or 1.3 only) with Kubernetes' cipher suites, ALPN {@code h2} and {@code http/1.1}, and
 * {@code RequestClientCert}: a client certificate is asked for (advertising the client CAs) but never required
 * nor verified in the handshake — the authenticators decide.
 */
public final class TlsServerOptions {
  private final TlsVersion minVersion;
  private final List<String> jdkCipherSuites;
  private final Supplier<List<X509Certificate>> acceptableClientCas;

  /**
   * @param minVersion from {@code --tls-min-version}
   * @param goCipherSuites {@code --tls-cipher-suites} (Go names), empty for the defaults
   * @param acceptableClientCas the union of the client CA and the request-header CA, read on each handshake
   */
  public TlsServerOptions(
      TlsVersion minVersion, List<String> goCipherSuites, Supplier<List<X509Certificate>> acceptableClientCas) {
    this.minVersion = minVersion;
    this.jdkCipherSuites = CipherSuites.forFlag(goCipherSuites);
    this.acceptableClientCas = acceptableClientCas;
  }

  /** Options for {@code vertx.createHttpServer} listening on {@code host:port} with {@code certificate}. */
  public HttpServerOptions httpServerOptions(String host, int port, ServingCertificate certificate) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setUseAlpn(true)
            .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
            .setClientAuth(ClientAuth.REQUEST)
            .setKeyCertOptions(certificate.keyCertOptions())
            .setTrustOptions(trustOptions())
            .setEnabledSecureTransportProtocols(minVersion.enabledProtocols());
    jdkCipherSuites.forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** The same TLS settings with another certificate, for {@code HttpServer.updateSSLOptions}. */
  public SSLOptions sslOptions(ServingCertificate certificate) {
    SSLOptions options =
        new SSLOptions()
            .setUseAlpn(true)
            .setKeyCertOptions(certificate.keyCertOptions())
            .setTrustOptions(trustOptions())
            .setEnabledSecureTransportProtocols(minVersion.enabledProtocols());
    jdkCipherSuites.forEach(options::addEnabledCipherSuite);
    return options;
  }

  public List<String> jdkCipherSuites() {
    return jdkCipherSuites;
  }

  private TrustOptions trustOptions() {
    return TrustOptions.wrap(new ClientCertificateRequestingTrustManager(acceptableClientCas));
  }
}
