package dev.aggregation.apiserver.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The content of {@code --tls-cert-file} (leaf first, then intermediates) and {@code --tls-private-key-file},
 * checked to belong together, as Go's {@code tls.X509KeyPair} does before Kubernetes serves or swaps a pair.
 * Compared by content, so that a reloader can tell whether the files changed.
 */
public record ServingCertificate(
    String certificatePem, String privateKeyPem, List<X509Certificate> chain, PrivateKey privateKey) {
  public ServingCertificate {
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** Reads and checks both files. Blocking: call it off the event loop. */
  public static ServingCertificate read(Path certFile, Path keyFile) throws IOException, CertificateException {
    String certificatePem = Files.readString(certFile, StandardCharsets.US_ASCII);
    String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    List<X509Certificate> chain = Pem.decodeCertificates(certificatePem);
    if (chain.isEmpty()) {
      throw new CertificateException("no CERTIFICATE block in " + certFile);
    }
    PrivateKey key;
    try {
      key = Pem.decodePrivateKey(keyPem);
    } catch (IOException e) {
      throw new CertificateException("cannot read a private key from " + keyFile + ": " + e.getMessage(), e);
    }
    X509Certificate leaf = chain.get(0);
    if (!keyMatches(leaf, key)) {
      throw new CertificateException(
          "private key " + keyFile + " does not match the public key of the certificate in " + certFile);
    }
    return new ServingCertificate(certificatePem, keyPem, chain, key);
  }

  /** Same files: the leaf is derived from the PEM text, so comparing the text is enough. */
  public boolean sameContent(ServingCertificate other) {
    return certificatePem.equals(other.certificatePem) && privateKeyPem.equals(other.privateKeyPem);
  }

  /** A key belongs to a certificate when what it signs verifies with the certificate's public key. */
  private static boolean keyMatches(X509Certificate certificate, PrivateKey key) throws CertificateException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> throw new CertificateException("unsupported private key algorithm " + key.getAlgorithm());
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
