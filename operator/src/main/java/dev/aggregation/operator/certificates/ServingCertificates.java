package dev.aggregation.operator.certificates;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The certificates in the Secret the apiserver mounts, parsed: the serving chain and the bundle of CAs clients
 * must trust. For operator-issued certificates also the signing CA (and a staged next CA); for a Secret the user
 * brings, neither.
 */
public record ServingCertificates(
    IssuedCertificate serving,
    List<X509Certificate> trusted,
    Optional<IssuedCertificate> signingCa,
    Optional<IssuedCertificate> nextCa) {
  /** Shared between reconciles once read ({@link CertificateReader}), so nothing in it may change. */
  public ServingCertificates {
    trusted = List.copyOf(trusted);
  }

  /** The expiry of the CA that signed the serving certificate, if it is in the trusted bundle. */
  public Optional<Instant> issuerNotAfter() {
    return signingCa
        .map(IssuedCertificate::notAfter)
        .or(
            () ->
                trusted.stream()
                    .filter(ca -> Verification.signedBy(serving.certificate(), ca))
                    .map(ca -> ca.getNotAfter().toInstant())
                    .findFirst());
  }
}
