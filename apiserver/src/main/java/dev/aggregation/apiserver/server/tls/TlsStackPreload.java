package dev.aggregation.apiserver.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the path of the secure port's first connection once, on a background thread, while the server is still
 * being assembled: Vert.x makes the SSL context and the first engine lazily, on the event loop, when that
 * connection arrives. Netty's JDK context class first probes a default JDK SSLContext (reading the JDK's CA
 * certificates) for the supported protocols and cipher suites, and the first ALPN engine makes Netty instantiate
 * the BouncyCastle provider to learn whether BouncyCastle's JSSE is in use: together about 0.4 s of CPU and a
 * thousand classes that otherwise delay the first answer. With BoringSSL, loading its native library and probing
 * what it supports take their place. Here they overlap with opening the store and building the handlers.
 *
 * <p>Nothing else changes: the engine made here is thrown away, and the classes are initialised once, by
 * whichever thread gets there first (the JVM makes the other wait for it).
 */
public final class TlsStackPreload {
  private static final Logger LOG = LoggerFactory.getLogger(TlsStackPreload.class);

  private TlsStackPreload() {}

  /** Starts the walk on a daemon thread and returns at once. */
  public static Thread start() {
    Thread thread = new Thread(TlsStackPreload::initialize, "tls-preload");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void initialize() {
    try {
      if (OpenSsl.isAvailable()) {
        // The secure port serves with BoringSSL (TlsServerOptions.engineOptions): the walk is loading its native
        // library and OpenSsl's probe of the ciphers and protocols it supports, which asking has just done.
        return;
      }
      // No key and no trust: nothing to read or verify, the engine only has to exist.
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      ApplicationProtocolConfig alpn =
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              List.of("h2", "http/1.1"));
      new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE, null, false)
          .newEngine(ByteBufAllocator.DEFAULT);
    } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
      // Only a lost head start: the event loop meets the same error on the first connection and reports it there.
      LOG.debug("could not walk the TLS path ahead of the first connection", e);
    }
  }
}
