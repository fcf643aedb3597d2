package dev.aggregation.apiserver.server.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's trust manager for Kubernetes' {@code RequestClientCert} handshake: it advertises the acceptable
 * client CAs (so that clients pick a matching certificate) but accepts any client certificate chain at the TLS
 * layer. The JDK would otherwise abort the handshake for a certificate outside the trust store, where
 * Kubernetes lets it through and answers 401 — or lets a request-header proxy and a client-CA user share one
 * listener. The authenticators verify the chain afterwards; the JDK still checks the client's proof of
 * possession of the key (CertificateVerify).
 */
public final class ClientCertificateRequestingTrustManager extends X509ExtendedTrustManager {
  private final Supplier<List<X509Certificate>> acceptableIssuers;

  /** @param acceptableIssuers the CAs to advertise, read on every handshake so that they may change live */
  public ClientCertificateRequestingTrustManager(Supplier<List<X509Certificate>> acceptableIssuers) {
    this.acceptableIssuers = acceptableIssuers;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // Verified by the authenticators, see the class comment.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Verified by the authenticators, see the class comment.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Verified by the authenticators, see the class comment.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("this trust manager serves a TLS server and never verifies servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptableIssuers.get().toArray(X509Certificate[]::new);
  }
}
