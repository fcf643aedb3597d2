package dev.aggregation.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The subject attributes Kubernetes reads from a client certificate, as Go's pkix.Name exposes them. */
final class SubjectNames {
  private SubjectNames() {}

  /** Go keeps the last CN of a subject with several; "" when there is none. */
  static String commonName(X509Certificate certificate) {
    List<String> names = values(certificate, BCStyle.CN);
    return names.isEmpty() ? "" : names.get(names.size() - 1);
  }

  static List<String> organizations(X509Certificate certificate) {
    return values(certificate, BCStyle.O);
  }

  private static List<String> values(X509Certificate certificate, ASN1ObjectIdentifier type) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
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
}
