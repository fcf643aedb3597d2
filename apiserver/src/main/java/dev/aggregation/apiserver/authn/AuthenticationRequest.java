package dev.aggregation.apiserver.authn;

import io.vertx.core.MultiMap;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What authenticators look at: the request headers and the certificate chain the client presented in the TLS
 * handshake (leaf first; empty when it presented none).
 */
public record AuthenticationRequest(MultiMap headers, List<X509Certificate> peerCertificates) {
  public AuthenticationRequest {
    peerCertificates = List.copyOf(peerCertificates);
  }
}
