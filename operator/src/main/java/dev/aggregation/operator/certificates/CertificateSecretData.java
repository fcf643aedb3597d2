package dev.aggregation.operator.certificates;

import dev.aggregation.operator.certificates.Pem.InvalidPemException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys of the certificate Secret and their PEM values. The apiserver mounts the Secret as a directory and
 * reads {@value #TLS_CRT} and {@value #TLS_KEY}; APIServices take their caBundle from {@value #CA_BUNDLE}.
 */
public final class CertificateSecretData {
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  /** The CA that signs serving certificates now. */
  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  /** A CA already trusted by clients but not yet signing: the first half of a rotation. */
  public static final String NEXT_CA_CRT = "next-ca.crt";
  public static final String NEXT_CA_KEY = "next-ca.key";
  /** Every CA clients must trust: the signing CA, a staged next one, and retired ones until they expire. */
  public static final String CA_BUNDLE = "ca-bundle.crt";

  private CertificateSecretData() {}

  /** Secret {@code data} (base64) to PEM text per key. */
  public static Map<String, String> decode(Map<String, String> secretData) {
    Map<String, String> pem = new TreeMap<>();
    if (secretData != null) {
      secretData.forEach((key, value) -> pem.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    return pem;
  }

  /** PEM text per key to Secret {@code data} (base64), in key order. */
  public static Map<String, String> encode(Map<String, String> pem) {
    Map<String, String> data = new TreeMap<>();
    pem.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  /** The certificates of an operator-issued Secret; empty when anything is missing or unreadable. */
  public static Optional<ServingCertificates> readIssued(Map<String, String> pem) {
    try {
      IssuedCertificate ca = pair(pem, CA_CRT, CA_KEY);
      Optional<IssuedCertificate> next =
          pem.containsKey(NEXT_CA_CRT) ? Optional.of(pair(pem, NEXT_CA_CRT, NEXT_CA_KEY)) : Optional.empty();
      List<X509Certificate> trusted = Pem.certificates(require(pem, CA_BUNDLE));
      IssuedCertificate serving = pair(pem, TLS_CRT, TLS_KEY);
      if (!Verification.keysMatch(serving.privateKey(), serving.certificate().getPublicKey())
          || !Verification.keysMatch(ca.privateKey(), ca.certificate().getPublicKey())) {
        return Optional.empty();
      }
      return Optional.of(new ServingCertificates(serving, trusted, Optional.of(ca), next));
    } catch (InvalidPemException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The certificates of a Secret the user brings: tls.crt, tls.key and ca.crt. */
  public static ServingCertificates readProvided(String secretName, Map<String, String> pem) {
    try {
      IssuedCertificate serving = pair(pem, TLS_CRT, TLS_KEY);
      if (!Verification.keysMatch(serving.privateKey(), serving.certificate().getPublicKey())) {
        throw new IllegalArgumentException("Secret " + secretName + ": tls.key is not the key of tls.crt");
      }
      List<X509Certificate> trusted = Pem.certificates(require(pem, CA_CRT));
      return new ServingCertificates(serving, trusted, Optional.empty(), Optional.empty());
    } catch (InvalidPemException e) {
      throw new IllegalArgumentException("Secret " + secretName + ": " + e.getMessage(), e);
    }
  }

  /** The Secret content the apiserver mounts for a Secret the user brings. */
  public static Map<String, String> servedFromProvided(Map<String, String> provided) {
    Map<String, String> pem = new HashMap<>();
    pem.put(TLS_CRT, provided.get(TLS_CRT));
    pem.put(TLS_KEY, provided.get(TLS_KEY));
    pem.put(CA_BUNDLE, provided.get(CA_CRT));
    return pem;
  }

  private static IssuedCertificate pair(Map<String, String> pem, String certificateKey, String privateKeyKey)
      throws InvalidPemException {
    X509Certificate certificate = Pem.certificates(require(pem, certificateKey)).get(0);
    return new IssuedCertificate(certificate, Pem.privateKey(require(pem, privateKeyKey)));
  }

  private static String require(Map<String, String> pem, String key) {
    String value = pem.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}
