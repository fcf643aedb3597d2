package dev.aggregation.apiserver.server.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with its private key, as written to a {@code .crt}/{@code .key} pair. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
  public String certificatePem() {
    return Pem.encodeCertificate(certificate);
  }

  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey);
  }
}
