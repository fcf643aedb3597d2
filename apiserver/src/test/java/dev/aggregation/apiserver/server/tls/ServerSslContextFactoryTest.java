package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSslContextFactoryTest {
  private static final char[] PASSWORD = "test".toCharArray();

  @TempDir Path certDir;
  private KeyManagerFactory keyManagers;
  private TrustManagerFactory trustManagers;

  @BeforeEach
  void servingKeyAndSystemTrust() throws Exception {
    DevCertificateFiles files = DevCertificates.forLocalhost(Clock.systemUTC()).ensure(certDir, 8443);
    ServingCertificate serving = ServingCertificate.read(files.servingCertificate(), files.servingKey());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("serving", serving.privateKey(), PASSWORD, serving.chain().toArray(X509Certificate[]::new));
    keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, PASSWORD);
    trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init((KeyStore) null);
  }

  /** Configured as Vert.x configures the secure port's factory: server, ALPN h2 and http/1.1, a requested client certificate. */
  private SslContext serverContext(SslContextFactory factory) throws Exception {
    return factory
        .forClient(false)
        .useAlpn(true)
        .applicationProtocols(List.of("h2", "http/1.1"))
        .clientAuth(ClientAuth.OPTIONAL)
        .keyMananagerFactory(keyManagers)
        .trustManagerFactory(trustManagers)
        .enabledCipherSuites(new LinkedHashSet<>(suites()))
        .create();
  }

  private static List<String> suites() {
    List<String> suites = new ArrayList<>(CipherSuites.TLS13);
    suites.addAll(CipherSuites.DEFAULT_TLS12);
    return suites;
  }

  @Test
  void serverEnginesAreConfiguredAsWithVertxsDefaultFactory() throws Exception {
    SslContext ours = serverContext(new ServerSslContextFactory(new JdkSSLEngineOptions().sslContextFactory()));
    SslContext vertxs = serverContext(new JdkSSLEngineOptions().sslContextFactory());

    SSLEngine engine = ours.newEngine(ByteBufAllocator.DEFAULT);
    SSLEngine expected = vertxs.newEngine(ByteBufAllocator.DEFAULT);
    assertThat(ours.isServer()).isTrue();
    assertThat(ours.cipherSuites()).containsExactlyElementsOf(vertxs.cipherSuites());
    assertThat(ours.applicationProtocolNegotiator().protocols()).containsExactly("h2", "http/1.1");
    assertThat(engine.getUseClientMode()).isFalse();
    assertThat(engine.getWantClientAuth()).isEqualTo(expected.getWantClientAuth()).isTrue();
    assertThat(engine.getNeedClientAuth()).isEqualTo(expected.getNeedClientAuth()).isFalse();
    assertThat(engine.getEnabledProtocols()).containsExactly(expected.getEnabledProtocols());
    assertThat(engine.getEnabledCipherSuites()).containsExactly(expected.getEnabledCipherSuites());
    assertThat(engine.getSSLParameters().getApplicationProtocols())
        .containsExactly(expected.getSSLParameters().getApplicationProtocols());
  }

  /** The point of the factory: not the builder's JdkSslServerContext, whose first use costs a self-check. */
  @Test
  void makesItsServerContextsWithoutNettysSslContextBuilder() throws Exception {
    SslContext ours = serverContext(new ServerJdkSslEngineOptions().copy().sslContextFactory());

    assertThat(ours.getClass()).isEqualTo(JdkSslContext.class);
  }

  @Test
  void leavesClientContextsToVertx() throws Exception {
    SslContext client = new ServerSslContextFactory(new JdkSSLEngineOptions().sslContextFactory())
        .forClient(true)
        .trustManagerFactory(trustManagers)
        .create();

    assertThat(client.isClient()).isTrue();
  }
}
