package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import java.lang.reflect.Proxy;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {
  private final PeerCertificates peerCertificates = new PeerCertificates();

  @Test
  void answersNoChainWithoutASession() {
    assertThat(peerCertificates.of(null)).isEmpty();
  }

  @Test
  void asksASessionWithoutClientCertificateOnlyOnce() {
    AtomicInteger asked = new AtomicInteger();
    SSLSession session = session(asked, null);
    assertThat(peerCertificates.of(session)).isEmpty();
    assertThat(peerCertificates.of(session)).isEmpty();
    assertThat(asked).hasValue(1);
  }

  @Test
  void keepsEachSessionsOwnChain() throws Exception {
    X509Certificate client = CertificateAuthority.create("client-ca", Duration.ofDays(1), Clock.systemUTC())
        .issueClient("bob", List.of("devs"), Duration.ofHours(1)).certificate();
    SSLSession withCertificate = session(new AtomicInteger(), client);
    SSLSession without = session(new AtomicInteger(), null);
    assertThat(peerCertificates.of(withCertificate)).containsExactly(client);
    assertThat(peerCertificates.of(without)).isEmpty();
  }

  /** A session whose getPeerCertificates answers as the JDK's does, counting the calls; no other method is used. */
  private static SSLSession session(AtomicInteger asked, Certificate peer) {
    return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] {SSLSession.class}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "getPeerCertificates" -> {
          asked.incrementAndGet();
          if (peer == null) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
          }
          return new Certificate[] {peer};
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "equals" -> {
          return proxy == args[0];
        }
        default -> throw new UnsupportedOperationException(method.getName());
      }
    });
  }
}
