package dev.aggregation.apiserver.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM encoding of certificates and private keys, in the forms Kubernetes tools read and write: certificates as
 * {@code CERTIFICATE} blocks, keys written as PKCS#8 {@code PRIVATE KEY}; keys read also as {@code EC PRIVATE KEY}
 * or {@code RSA PRIVATE KEY} (what openssl and cfssl produce).
 */
public final class Pem {
  private Pem() {}

  public static String encodeCertificates(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot PEM-encode certificates", e);
    }
    return out.toString();
  }

  public static String encodeCertificate(X509Certificate certificate) {
    return encodeCertificates(List.of(certificate));
  }

  public static String encodePrivateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot PEM-encode a " + key.getAlgorithm() + " private key", e);
    }
    return out.toString();
  }

  /** Every {@code CERTIFICATE} block in {@code pem}, in order; other blocks are skipped. */
  public static List<X509Certificate> decodeCertificates(String pem) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (block instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
        }
      }
    } catch (IOException e) {
      throw new CertificateException("malformed PEM: " + e.getMessage(), e);
    }
    return certificates;
  }

  public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
    List<X509Certificate> certificates = decodeCertificates(Files.readString(file, StandardCharsets.US_ASCII));
    if (certificates.isEmpty()) {
      throw new CertificateException("no CERTIFICATE block in " + file);
    }
    return certificates;
  }

  public static PrivateKey decodePrivateKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (block instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (block instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    }
    throw new IOException("no unencrypted private key block (PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY) found");
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try {
      return decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IOException("cannot read a private key from " + file + ": " + e.getMessage(), e);
    }
  }
}
