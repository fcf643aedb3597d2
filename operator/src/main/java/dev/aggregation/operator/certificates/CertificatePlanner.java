package dev.aggregation.operator.certificates;

import static dev.aggregation.operator.certificates.CertificateSecretData.CA_BUNDLE;
import static dev.aggregation.operator.certificates.CertificateSecretData.CA_CRT;
import static dev.aggregation.operator.certificates.CertificateSecretData.CA_KEY;
import static dev.aggregation.operator.certificates.CertificateSecretData.NEXT_CA_CRT;
import static dev.aggregation.operator.certificates.CertificateSecretData.NEXT_CA_KEY;
import static dev.aggregation.operator.certificates.CertificateSecretData.TLS_CRT;
import static dev.aggregation.operator.certificates.CertificateSecretData.TLS_KEY;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the content of the certificate Secret from its current content and the clock. When nothing is due the
 * result is the input, value for value, so that the desired state is deterministic and no reconcile rewrites the
 * Secret.
 *
 * <p>Timeline of one CA (notAfter = CA expiry, rb = renewBefore):
 *
 * <ol>
 *   <li>until notAfter − 2·rb: the CA signs serving certificates, renewed rb before they expire;
 *   <li>at notAfter − 2·rb a next CA is created and added to the trusted bundle only, so that every APIService
 *       trusts it before anything it signs is served;
 *   <li>at notAfter − rb the next CA becomes the signing CA and a new serving certificate is issued from it; the
 *       old CA stays in the bundle, because pods serve the old certificate until they reload the files;
 *   <li>a retired CA leaves the bundle when it expires (nothing it signed can be valid after that).
 * </ol>
 */
public final class CertificatePlanner {
  private final CertificateAuthority authority;
  private final CertificateReader reader;

  public CertificatePlanner(CertificateAuthority authority) {
    this(authority, new CertificateReader(CertificateReader.DEFAULT_CAPACITY));
  }

  public CertificatePlanner(CertificateAuthority authority, CertificateReader reader) {
    this.authority = authority;
    this.reader = reader;
  }

  /** How this planner reads Secrets; the status reads them through it too, so each content is read once. */
  public CertificateReader reader() {
    return reader;
  }

  /**
   * The Secret content (PEM per key) to hold at {@code now}.
   *
   * @param current the content now, empty when there is no Secret yet
   * @param dnsNames the names the serving certificate must carry; the first is its common name
   * @param caName the common name of a new CA
   */
  public Map<String, String> plan(
      Map<String, String> current, List<String> dnsNames, String caName, CertificatePolicy policy, Instant now) {
    Optional<ServingCertificates> parsed = reader.readIssued(current);
    if (parsed.isEmpty()) {
      return fresh(dnsNames, caName, policy, now);
    }
    ServingCertificates certificates = parsed.get();
    Map<String, String> next = new TreeMap<>(current);
    IssuedCertificate ca = certificates.signingCa().orElseThrow();
    Optional<IssuedCertificate> staged = certificates.nextCa();
    boolean reissue = false;

    if (staged.isEmpty() && !now.isBefore(stageAt(ca, policy))) {
      staged = Optional.of(authority.newAuthority(caName, now, policy.caValidity()));
      next.put(NEXT_CA_CRT, Pem.encode(staged.get().certificate()));
      next.put(NEXT_CA_KEY, Pem.encode(staged.get().privateKey()));
    }
    if (staged.isPresent() && !now.isBefore(promoteAt(ca, policy))) {
      ca = staged.get();
      staged = Optional.empty();
      next.put(CA_CRT, next.remove(NEXT_CA_CRT));
      next.put(CA_KEY, next.remove(NEXT_CA_KEY));
      reissue = true;
    }

    List<X509Certificate> trusted = trustedBundle(ca, staged, certificates.trusted(), now);
    if (!trusted.equals(certificates.trusted())) {
      next.put(CA_BUNDLE, Pem.encode(trusted));
    }

    IssuedCertificate serving = certificates.serving();
    if (reissue
        || !Verification.signedBy(serving.certificate(), ca.certificate())
        || !Verification.dnsNames(serving.certificate()).equals(dnsNames)
        || !now.isBefore(renewAt(serving, policy))) {
      IssuedCertificate renewed = authority.issueServing(ca, dnsNames, now, policy.validity());
      next.put(TLS_CRT, Pem.encode(renewed.certificate()));
      next.put(TLS_KEY, Pem.encode(renewed.privateKey()));
    }
    return next;
  }

  /** When {@link #plan} next has something to do for this content; empty when the content is unreadable. */
  public Optional<Instant> nextActionAt(Map<String, String> current, CertificatePolicy policy) {
    return reader.readIssued(current)
        .map(
            certificates -> {
              IssuedCertificate ca = certificates.signingCa().orElseThrow();
              Instant at = renewAt(certificates.serving(), policy);
              Instant caStep = certificates.nextCa().isPresent() ? promoteAt(ca, policy) : stageAt(ca, policy);
              at = earliest(at, caStep);
              for (X509Certificate trusted : certificates.trusted()) {
                at = earliest(at, trusted.getNotAfter().toInstant());
              }
              return at;
            });
  }

  /** When a serving certificate is due for renewal. */
  public static Instant renewAt(IssuedCertificate serving, CertificatePolicy policy) {
    return serving.notAfter().minus(policy.renewBefore());
  }

  static Instant stageAt(IssuedCertificate ca, CertificatePolicy policy) {
    return ca.notAfter().minus(policy.renewBefore().multipliedBy(2));
  }

  static Instant promoteAt(IssuedCertificate ca, CertificatePolicy policy) {
    return ca.notAfter().minus(policy.renewBefore());
  }

  private Map<String, String> fresh(List<String> dnsNames, String caName, CertificatePolicy policy, Instant now) {
    IssuedCertificate ca = authority.newAuthority(caName, now, policy.caValidity());
    IssuedCertificate serving = authority.issueServing(ca, dnsNames, now, policy.validity());
    Map<String, String> pem = new TreeMap<>();
    pem.put(CA_CRT, Pem.encode(ca.certificate()));
    pem.put(CA_KEY, Pem.encode(ca.privateKey()));
    pem.put(CA_BUNDLE, Pem.encode(ca.certificate()));
    pem.put(TLS_CRT, Pem.encode(serving.certificate()));
    pem.put(TLS_KEY, Pem.encode(serving.privateKey()));
    return pem;
  }

  /** The signing CA, the staged one, then every retired CA that has not expired, each once. */
  private static List<X509Certificate> trustedBundle(
      IssuedCertificate ca, Optional<IssuedCertificate> staged, List<X509Certificate> previous, Instant now) {
    List<X509Certificate> trusted = new ArrayList<>();
    trusted.add(ca.certificate());
    staged.ifPresent(next -> trusted.add(next.certificate()));
    for (X509Certificate retired : previous) {
      if (!trusted.contains(retired) && retired.getNotAfter().toInstant().isAfter(now)) {
        trusted.add(retired);
      }
    }
    return trusted;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
