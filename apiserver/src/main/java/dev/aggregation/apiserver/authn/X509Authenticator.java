package dev.aggregation.apiserver.authn;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Kubernetes' x509 client-certificate authenticator: the presented leaf must chain (through the intermediates
 * the client sent) to a CA of the pool and be valid for client authentication; the user is its Common Name,
 * the groups its Organization values. A chain that does not verify is an error (401), not "no credentials".
 * While the pool is empty (a cluster that publishes no client CA yet) it recognises nobody, as Kubernetes'
 * dynamic verifier does.
 */
public final class X509Authenticator implements Authenticator {
  public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

  private final Supplier<List<X509Certificate>> caPool;
  private final ClientCertificateVerifier verifier;

  /** @param caPool the client CAs, read on every request so that a reloaded bundle applies at once */
  public X509Authenticator(Supplier<List<X509Certificate>> caPool, Clock clock) {
    this.caPool = caPool;
    this.verifier = new ClientCertificateVerifier(clock);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    List<X509Certificate> chain = request.peerCertificates();
    List<X509Certificate> cas = caPool.get();
    if (chain.isEmpty() || cas.isEmpty()) {
      return Optional.empty();
    }
    verifier.verify(chain, cas, "client CA");
    X509Certificate leaf = chain.get(0);
    String user = SubjectNames.commonName(leaf);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserInfo(
            user, "", SubjectNames.organizations(leaf), Map.of(CREDENTIAL_ID, List.of("X509SHA256=" + sha256(leaf)))));
  }
  /** Never blocks: {@link #authenticate} itself. */
  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException {
    return authenticate(request);
  }


  private static String sha256(X509Certificate certificate) throws AuthenticationException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new AuthenticationException("x509: cannot fingerprint " + ClientCertificateVerifier.describe(certificate), e);
    }
  }
}
