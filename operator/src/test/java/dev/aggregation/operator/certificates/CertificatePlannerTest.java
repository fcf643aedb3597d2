package dev.aggregation.operator.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificatePlannerTest {
  static final List<String> NAMES = List.of("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local");
  static final CertificatePolicy POLICY =
      new CertificatePolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(365));
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  final CertificatePlanner planner = new CertificatePlanner(new CertificateAuthority(new SecureRandom()));

  @Test
  void issuesACaAndAServingCertificateForTheServiceNames() throws Exception {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);

    X509Certificate serving = Pem.certificates(pem.get("tls.crt")).get(0);
    X509Certificate ca = Pem.certificates(pem.get("ca.crt")).get(0);
    assertThat(Verification.dnsNames(serving)).isEqualTo(NAMES);
    assertThat(Verification.signedBy(serving, ca)).isTrue();
    assertThat(serving.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Pem.certificates(pem.get("ca-bundle.crt"))).containsExactly(ca);
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(90)));
  }

  @Test
  void returnsTheSameContentWhenNothingIsDue() {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);

    assertThat(planner.plan(pem, NAMES, "test-ca", POLICY, START.plus(Duration.ofDays(59)))).isEqualTo(pem);
  }

  @Test
  void renewsTheServingCertificateRenewBeforeItExpiresWithTheSameCa() throws Exception {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);

    Map<String, String> renewed = planner.plan(pem, NAMES, "test-ca", POLICY, START.plus(Duration.ofDays(60)));

    assertThat(renewed.get("tls.crt")).isNotEqualTo(pem.get("tls.crt"));
    assertThat(renewed.get("tls.key")).isNotEqualTo(pem.get("tls.key"));
    assertThat(renewed.get("ca.crt")).isEqualTo(pem.get("ca.crt"));
    assertThat(renewed.get("ca-bundle.crt")).isEqualTo(pem.get("ca-bundle.crt"));
  }

  @Test
  void reissuesWhenTheServiceNamesChange() throws Exception {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);
    List<String> renamed = List.of("other", "other.ns", "other.ns.svc", "other.ns.svc.cluster.local");

    Map<String, String> reissued = planner.plan(pem, renamed, "test-ca", POLICY, START.plus(Duration.ofDays(1)));

    assertThat(Verification.dnsNames(Pem.certificates(reissued.get("tls.crt")).get(0))).isEqualTo(renamed);
  }

  @Test
  void rotatesTheCaWithAnOverlapInWhichClientsTrustBoth() throws Exception {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);
    X509Certificate oldCa = Pem.certificates(pem.get("ca.crt")).get(0);
    Instant caExpiry = oldCa.getNotAfter().toInstant();

    // Stage: the next CA is trusted before it signs anything; the old one still signs.
    Map<String, String> staged =
        planner.plan(pem, NAMES, "test-ca", POLICY, caExpiry.minus(Duration.ofDays(60)));
    X509Certificate nextCa = Pem.certificates(staged.get("next-ca.crt")).get(0);
    assertThat(Pem.certificates(staged.get("ca-bundle.crt"))).containsExactly(oldCa, nextCa);
    assertThat(Verification.signedBy(Pem.certificates(staged.get("tls.crt")).get(0), oldCa)).isTrue();

    // Promote: the next CA signs a new serving certificate; the old CA stays trusted until it expires.
    Map<String, String> promoted =
        planner.plan(staged, NAMES, "test-ca", POLICY, caExpiry.minus(Duration.ofDays(30)));
    assertThat(promoted).doesNotContainKey("next-ca.crt");
    assertThat(Pem.certificates(promoted.get("ca.crt"))).containsExactly(nextCa);
    assertThat(Verification.signedBy(Pem.certificates(promoted.get("tls.crt")).get(0), nextCa)).isTrue();
    assertThat(Pem.certificates(promoted.get("ca-bundle.crt"))).containsExactly(nextCa, oldCa);

    // Retire: once the old CA has expired it leaves the bundle.
    Map<String, String> retired = planner.plan(promoted, NAMES, "test-ca", POLICY, caExpiry.plusSeconds(1));
    assertThat(Pem.certificates(retired.get("ca-bundle.crt"))).containsExactly(nextCa);
  }

  @Test
  void schedulesTheNextReconcileAtTheEarliestCertificateStep() {
    Map<String, String> pem = planner.plan(Map.of(), NAMES, "test-ca", POLICY, START);

    assertThat(planner.nextActionAt(pem, POLICY)).contains(START.plus(Duration.ofDays(60)));
  }

  @Test
  void clampsRenewBeforeToAThirdOfTheValidity() {
    CertificatePolicy policy = new CertificatePolicy(Duration.ofSeconds(9), Duration.ofHours(1), Duration.ofDays(1));

    assertThat(policy.renewBefore()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void startsOverWhenTheSecretHoldsNoUsableKeys() throws Exception {
    Map<String, String> pem = planner.plan(Map.of("tls.crt", "garbage"), NAMES, "test-ca", POLICY, START);

    assertThat(CertificateSecretData.readIssued(pem)).isPresent();
  }
}
