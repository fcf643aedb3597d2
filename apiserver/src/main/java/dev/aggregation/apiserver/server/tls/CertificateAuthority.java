package dev.aggregation.apiserver.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority holding its own key: creates a self-signed CA and issues serving and client
 * certificates from it. Keys are EC P-256 signed with SHA256withECDSA, as in the certificates kubeadm and the
 * sample-apiserver generate; serials are positive 127-bit random numbers.
 */
public final class CertificateAuthority {
  /** Certificates start an hour in the past so that a peer whose clock lags a little still accepts them. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final IssuedCertificate ca;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private CertificateAuthority(IssuedCertificate ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
  }

  /** A new self-signed CA named {@code commonName}, valid for {@code validity} from now. */
  public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
    SecureRandom random = new SecureRandom();
    KeyPair keys = newKeyPair(random);
    X500Name subject = name(commonName, List.of());
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(validity)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys.getPrivate());
      return new CertificateAuthority(new IssuedCertificate(certificate, keys.getPrivate()), clock);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA " + commonName, e);
    }
  }

  /** A CA from an existing certificate and its key (for example read back from ca.crt/ca.key). */
  public static CertificateAuthority of(IssuedCertificate ca, Clock clock) {
    if (ca.certificate().getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "certificate " + ca.certificate().getSubjectX500Principal() + " is not a CA (no BasicConstraints CA:true)");
    }
    return new CertificateAuthority(ca, clock);
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public IssuedCertificate certificateAndKey() {
    return ca;
  }

  /** A serving certificate (EKU serverAuth) for the given DNS names and IP addresses. */
  public IssuedCertificate issueServing(
      String commonName, List<String> dnsNames, List<InetAddress> addresses, Duration validity) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
    addresses.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
    return issue(name(commonName, List.of()), KeyPurposeId.id_kp_serverAuth, sans, validity);
  }

  /**
   * A client certificate (EKU clientAuth): Kubernetes reads the user name from the CN and the groups from the O
   * values.
   */
  public IssuedCertificate issueClient(String commonName, List<String> organizations, Duration validity) {
    return issue(name(commonName, organizations), KeyPurposeId.id_kp_clientAuth, List.of(), validity);
  }

  private IssuedCertificate issue(
      X500Name subject, KeyPurposeId purpose, List<GeneralName> subjectAltNames, Duration validity) {
    KeyPair keys = newKeyPair(random);
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    // A leaf never outlives its issuer: verifiers would reject the chain after the CA expires anyway.
    if (notAfter.isAfter(ca.certificate().getNotAfter().toInstant())) {
      notAfter = ca.certificate().getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      if (!subjectAltNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
      }
      return new IssuedCertificate(sign(builder, ca.privateKey()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  private static X500Name name(String commonName, List<String> organizations) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
    builder.addRDN(BCStyle.CN, commonName);
    return builder.build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no " + SIGNATURE_ALGORITHM + " signer for the CA key", e);
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no EC P-256 key generator", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    // 127 random bits plus one: always positive and non-zero, within the 20 octets RFC 5280 allows.
    return new BigInteger(127, random).add(BigInteger.ONE);
  }
}
