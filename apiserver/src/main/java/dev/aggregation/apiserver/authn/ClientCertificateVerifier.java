package dev.aggregation.apiserver.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Go's {@code x509.Certificate.Verify} with {@code KeyUsages: [ClientAuth]}, as Kubernetes' client-certificate
 * and front-proxy authenticators call it: a PKIX path from the presented leaf (through the intermediates the
 * client sent) to a CA of the pool, then the clientAuth extended key usage along the whole path.
 */
final class ClientCertificateVerifier {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private final Clock clock;

  ClientCertificateVerifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param chain the presented chain, leaf first
   * @param cas the pool to verify against, not empty
   * @param poolName names the pool in errors ("client CA", "requestheader CA")
   */
  void verify(List<X509Certificate> chain, List<X509Certificate> cas, String poolName) throws AuthenticationException {
    X509Certificate leaf = chain.get(0);
    Set<TrustAnchor> anchors = cas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    X509CertSelector target = new X509CertSelector();
    target.setCertificate(leaf);
    List<X509Certificate> path;
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(new ArrayList<>(chain))));
      PKIXCertPathBuilderResult result =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
      @SuppressWarnings("unchecked")
      List<X509Certificate> built = (List<X509Certificate>) result.getCertPath().getCertificates();
      path = built;
    } catch (CertPathBuilderException e) {
      throw new AuthenticationException(
          "x509: " + describe(leaf) + " does not verify against the " + poolName + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("x509: cannot verify " + describe(leaf) + ": " + e.getMessage(), e);
    }
    for (X509Certificate certificate : path) {
      if (!allowsClientAuth(certificate)) {
        throw new AuthenticationException(
            "x509: certificate specifies an incompatible key usage: "
                + describe(certificate)
                + " is not valid for client authentication");
      }
    }
  }

  /** As in Go: no EKU extension means any usage; otherwise clientAuth or anyExtendedKeyUsage must be listed. */
  private static boolean allowsClientAuth(X509Certificate certificate) throws AuthenticationException {
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
    } catch (CertificateParsingException e) {
      throw new AuthenticationException("x509: malformed extended key usage in " + describe(certificate), e);
    }
  }

  static String describe(X509Certificate certificate) {
    return "certificate \""
        + certificate.getSubjectX500Principal().getName()
        + "\" (serial "
        + certificate.getSerialNumber().toString(16)
        + ")";
  }
}
