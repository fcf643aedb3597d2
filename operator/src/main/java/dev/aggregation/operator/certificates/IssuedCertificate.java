package dev.aggregation.operator.certificates;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate and the private key of its subject. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }
}
