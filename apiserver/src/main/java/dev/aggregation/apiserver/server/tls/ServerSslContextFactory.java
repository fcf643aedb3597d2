package dev.aggregation.apiserver.server.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The secure port's Netty SSL context, made as Vert.x's default factory makes it for a server on the JDK engine
 * (an SSLContext for "TLS" on the key and trust managers Vert.x hands over, the same cipher suites, ALPN
 * configuration and client-auth mode), but through {@link JdkSslContext}'s public constructor rather than
 * {@code SslContextBuilder}.
 *
 * <p>Why not the builder: it makes a {@code JdkSslServerContext}, whose static initialiser first checks whether
 * trust managers can be wrapped, by building a PKCS#12 key store around a built-in RSA key (BouncyCastle provider
 * registration, a prime test of the key, two PBKDF2 derivations): 0.4–0.7 s of CPU per JVM, more than a fifth of
 * the CPU the server spends from start to ready on two cores. What the check enables changes nothing for a
 * server: the wrapper only rewords the exceptions of server-certificate checks, which a server never makes, and
 * Netty's session-resumption hook acts only on its own resumable trust managers, which neither Vert.x nor we use.
 *
 * <p>Anything else (a client context, no cipher suites given) is left to Vert.x's factory, configured alike.
 */
final class ServerSslContextFactory implements SslContextFactory {
  private static final String PROTOCOL = "TLS";

  private final SslContextFactory vertxDefault;
  private boolean useAlpn;
  private ClientAuth clientAuth;
  private boolean forClient;
  private KeyManagerFactory keyManagers;
  private TrustManagerFactory trustManagers;
  private Set<String> cipherSuites;
  private List<String> applicationProtocols;

  ServerSslContextFactory(SslContextFactory vertxDefault) {
    this.vertxDefault = vertxDefault;
  }

  @Override
  public SslContextFactory useAlpn(boolean useAlpn) {
    this.useAlpn = useAlpn;
    vertxDefault.useAlpn(useAlpn);
    return this;
  }

  @Override
  public SslContextFactory clientAuth(ClientAuth clientAuth) {
    this.clientAuth = clientAuth;
    vertxDefault.clientAuth(clientAuth);
    return this;
  }

  @Override
  public SslContextFactory forClient(boolean forClient) {
    this.forClient = forClient;
    vertxDefault.forClient(forClient);
    return this;
  }

  @Override
  public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
    this.keyManagers = factory;
    vertxDefault.keyMananagerFactory(factory);
    return this;
  }

  @Override
  public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
    this.trustManagers = factory;
    vertxDefault.trustManagerFactory(factory);
    return this;
  }

  @Override
  public SslContextFactory enabledCipherSuites(Set<String> suites) {
    this.cipherSuites = suites;
    vertxDefault.enabledCipherSuites(suites);
    return this;
  }

  @Override
  public SslContextFactory applicationProtocols(List<String> protocols) {
    this.applicationProtocols = protocols;
    vertxDefault.applicationProtocols(protocols);
    return this;
  }

  @Override
  public SslContextFactory serverName(String serverName) {
    vertxDefault.serverName(serverName);
    return this;
  }

  @Override
  public SslContext create() throws SSLException {
    if (forClient || keyManagers == null || cipherSuites == null || cipherSuites.isEmpty()) {
      return vertxDefault.create();
    }
    SSLContext context;
    try {
      context = SSLContext.getInstance(PROTOCOL);
      context.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(), null);
    } catch (GeneralSecurityException e) {
      throw new SSLException("failed to initialize the server-side SSL context", e);
    }
    // SslContextBuilder's defaults where Vert.x sets nothing: no ALPN, no client authentication, the JDK's protocols.
    ApplicationProtocolConfig alpn =
        useAlpn && applicationProtocols != null && !applicationProtocols.isEmpty()
            ? new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                applicationProtocols)
            : null;
    return new JdkSslContext(
        context, false, cipherSuites, IdentityCipherSuiteFilter.INSTANCE, alpn, clientAuth == null ? ClientAuth.NONE : clientAuth, null, false);
  }
}
