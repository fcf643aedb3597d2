package dev.aggregation.apiserver.authn;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Kubernetes' x509 client-certificate authenticator: the presented leaf must chain (through the intermediates
 * the client sent) to a CA of the pool and be valid for client authentication; the user is its Common Name,
 * the groups its Organization values. A chain that does not verify is an error (401), not "no credentials".
 */
public final class X509Authenticator implements Authenticator {
  public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private final Supplier<List<X509Certificate>> caPool;
  private final Clock clock;

  /** @param caPool the client CAs, read on every request so that a reloaded bundle applies at once */
  public X509Authenticator(Supplier<List<X509Certificate>> caPool, Clock clock) {
    this.caPool = caPool;
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    List<X509Certificate> chain = request.peerCertificates();
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = chain.get(0);
    verify(leaf, chain.subList(1, chain.size()));
    X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    List<String> commonNames = values(subject, BCStyle.CN);
    // Go keeps the last CN of a subject with several; an empty CN names nobody.
    String user = commonNames.isEmpty() ? "" : commonNames.get(commonNames.size() - 1);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserInfo(
            user, "", values(subject, BCStyle.O), Map.of(CREDENTIAL_ID, List.of("X509SHA256=" + sha256(leaf)))));
  }

  /** PKIX path building from the leaf to a pool CA, then Go's extended key usage rule along the path. */
  private void verify(X509Certificate leaf, List<X509Certificate> intermediates) throws AuthenticationException {
    List<X509Certificate> cas = caPool.get();
    if (cas.isEmpty()) {
      throw new AuthenticationException("x509: no client CA configured to verify " + describe(leaf));
    }
    Set<TrustAnchor> anchors = cas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    X509CertSelector target = new X509CertSelector();
    target.setCertificate(leaf);
    List<X509Certificate> path;
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      List<X509Certificate> store = new ArrayList<>(intermediates);
      store.add(leaf);
      parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
      PKIXCertPathBuilderResult result =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
      @SuppressWarnings("unchecked")
      List<X509Certificate> built = (List<X509Certificate>) result.getCertPath().getCertificates();
      path = built;
    } catch (CertPathBuilderException e) {
      throw new AuthenticationException(
          "x509: " + describe(leaf) + " does not verify against the client CA: " + e.getMessage(), e);
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

  private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        if (attribute.getType().equals(type) && attribute.getValue() instanceof ASN1String string) {
          values.add(string.getString());
        }
      }
    }
    return values;
  }

  private static String sha256(X509Certificate certificate) throws AuthenticationException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new AuthenticationException("x509: cannot fingerprint " + describe(certificate), e);
    }
  }

  private static String describe(X509Certificate certificate) {
    return "certificate \""
        + certificate.getSubjectX500Principal().getName()
        + "\" (serial "
        + certificate.getSerialNumber().toString(16)
        + ")";
  }
}
