package dev.aggregation.apiserver.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager, holding the serving certificate in a swappable slot: a reload replaces it for the
 * next handshake, with no rebuild of the SSL context. Vert.x 4.5's {@code HttpServer.updateSSLOptions}
 * rebuilds it asynchronously and meanwhile drops the connections it accepts (an NPE in
 * {@code TCPServerBase}), which a certificate rotation must not do.
 *
 * <p>Each certificate gets its own alias, and the previous one is kept: a handshake that chose an alias just
 * before a swap still gets the chain and key that belong together.
 */
public final class ServingKeyManager extends X509ExtendedKeyManager {
  private record Generation(String alias, X509Certificate[] chain, PrivateKey key) {}

  private final AtomicLong generations = new AtomicLong();
  private volatile Generation current;
  private volatile Generation previous;

  public ServingKeyManager(ServingCertificate certificate) {
    serve(certificate);
  }

  /** Serves {@code certificate} from the next handshake on. */
  public synchronized void serve(ServingCertificate certificate) {
    Generation next =
        new Generation(
            "serving-" + generations.incrementAndGet(),
            certificate.chain().toArray(X509Certificate[]::new),
            certificate.privateKey());
    previous = current;
    current = next;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation generation = generation(alias);
    return generation == null ? null : generation.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation generation = generation(alias);
    return generation == null ? null : generation.key();
  }

  /** A server key manager never acts as a client. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  /** The JDK asks once per key type the cipher suite could use; only the served key's type gets an alias. */
  private String aliasFor(String keyType) {
    Generation generation = current;
    return generation.key().getAlgorithm().equals(keyType) ? generation.alias() : null;
  }

  private Generation generation(String alias) {
    Generation now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Generation before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }
}
