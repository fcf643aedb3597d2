package dev.aggregation.apiserver.server.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises Netty's JDK server-side TLS context class on a background thread while the server is still being
 * assembled. Vert.x builds that context lazily, on the event loop, when the first connection arrives; the class's
 * static initialiser first checks whether trust managers can be wrapped by building a PKCS#12 key store around a
 * built-in RSA test key (registering the BouncyCastle provider, prime-testing the key, two PBKDF2 derivations).
 * That check was a third of a second of CPU and several hundred classes between the first connection and the
 * first answer from /readyz; here it overlaps with opening the store and building the handlers.
 *
 * <p>Nothing else changes: it is the same class initialised once, by whichever thread gets there first (the JVM
 * makes the other wait for it), and Netty's initialiser catches its own failures.
 */
public final class TlsStackPreload {
  private static final Logger LOG = LoggerFactory.getLogger(TlsStackPreload.class);

  /** By name: the class is deprecated for direct use, Vert.x reaches it through {@code SslContextBuilder}. */
  static final String JDK_SERVER_CONTEXT = "io.netty.handler.ssl.JdkSslServerContext";

  private TlsStackPreload() {}

  /** Starts the initialisation on a daemon thread and returns at once. */
  public static Thread start() {
    Thread thread = new Thread(TlsStackPreload::initialize, "tls-preload");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void initialize() {
    try {
      Class.forName(JDK_SERVER_CONTEXT, true, TlsStackPreload.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // Only a lost head start: the event loop meets the same error on the first connection and reports it there.
      LOG.debug("could not preload {}", JDK_SERVER_CONTEXT, e);
    }
  }
}
