package dev.aggregation.operator.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM encoding of certificates (CERTIFICATE) and keys (PKCS#8 PRIVATE KEY, as Go and kubectl expect). */
public final class Pem {
  private Pem() {}

  public static String encode(List<X509Certificate> certificates) {
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

  public static String encode(X509Certificate certificate) {
    return encode(List.of(certificate));
  }

  public static String encode(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      PemObject pkcs8 = new JcaPKCS8Generator(key, null).generate();
      writer.writeObject(pkcs8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot PEM-encode a private key", e);
    }
    return out.toString();
  }

  /** Every CERTIFICATE block of {@code pem}, in order. */
  public static List<X509Certificate> certificates(String pem) throws InvalidPemException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new InvalidPemException("not a PEM certificate list: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new InvalidPemException("no CERTIFICATE block found", null);
    }
    return certificates;
  }

  /** The first private key of {@code pem}: PKCS#8, or the SEC1/PKCS#1 forms openssl writes. */
  public static PrivateKey privateKey(String pem) throws InvalidPemException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException e) {
      throw new InvalidPemException("not a PEM private key: " + e.getMessage(), e);
    }
    throw new InvalidPemException("no PRIVATE KEY block found", null);
  }

  /** PEM text that does not hold what it should. */
  public static final class InvalidPemException extends Exception {
    public InvalidPemException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
