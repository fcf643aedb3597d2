package dev.aggregation.apiserver.authn;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The client certificate chain a TLS session was opened with, remembered per session. The JDK answers "no client
 * certificate" only by throwing {@link SSLPeerUnverifiedException}, and building that exception's stack trace on
 * every request of a bearer-token client cost more than the rest of its authentication. A session's peer never
 * changes; sessions are weak keys, compared by identity, so an entry leaves with its connection.
 */
final class PeerCertificates {
  private final Cache<SSLSession, List<X509Certificate>> bySession = CacheBuilder.newBuilder().weakKeys().build();

  /** The session's client chain, empty when there is no session (plain HTTP) or the client sent none. */
  List<X509Certificate> of(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      return bySession.get(session, () -> read(session));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the client certificates of a TLS session", e.getCause());
    }
  }

  private static List<X509Certificate> read(SSLSession session) {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : session.getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return List.of();
    }
  }
}
