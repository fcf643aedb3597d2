package dev.aggregation.operator.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CertificateReaderTest {
  static final List<String> NAMES = List.of("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local");
  static final CertificatePolicy POLICY =
      new CertificatePolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(365));
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  final CertificatePlanner planner = new CertificatePlanner(new CertificateAuthority(new SecureRandom()));

  Map<String, String> issued(String caName) {
    return planner.plan(Map.of(), NAMES, caName, POLICY, START);
  }

  @Test
  void readsWhatTheUnrememberedReadingReads() {
    Map<String, String> pem = issued("ca");

    Optional<ServingCertificates> read = new CertificateReader(4).readIssued(pem);

    ServingCertificates direct = CertificateSecretData.readIssued(pem).orElseThrow();
    assertThat(read).hasValueSatisfying(certificates -> {
      assertThat(certificates.serving().certificate()).isEqualTo(direct.serving().certificate());
      assertThat(certificates.trusted()).isEqualTo(direct.trusted());
      assertThat(certificates.signingCa().orElseThrow().certificate()).isEqualTo(direct.signingCa().orElseThrow().certificate());
    });
  }

  @Test
  void answersTheSameContentWithTheResultItAlreadyRead() {
    CertificateReader reader = new CertificateReader(4);
    Map<String, String> pem = issued("ca");

    Optional<ServingCertificates> first = reader.readIssued(pem);

    assertThat(reader.readIssued(new TreeMap<>(pem)).orElseThrow()).isSameAs(first.orElseThrow());
  }

  @Test
  void readsChangedContentAfresh() {
    CertificateReader reader = new CertificateReader(4);
    Map<String, String> pem = issued("ca");
    ServingCertificates before = reader.readIssued(pem).orElseThrow();
    Map<String, String> renewed = planner.plan(pem, NAMES, "ca", POLICY, START.plus(Duration.ofDays(60)));

    ServingCertificates after = reader.readIssued(renewed).orElseThrow();

    assertThat(after.serving().certificate()).isNotEqualTo(before.serving().certificate());
  }

  @Test
  void remembersThatContentIsUnusable() {
    CertificateReader reader = new CertificateReader(4);
    Map<String, String> mismatched = new TreeMap<>(issued("ca"));
    mismatched.put(CertificateSecretData.TLS_KEY, issued("other").get(CertificateSecretData.TLS_KEY));

    assertThat(reader.readIssued(mismatched)).isEmpty();
    assertThat(reader.readIssued(mismatched)).isEmpty();
  }

  @Test
  void forgetsTheLeastRecentlyReadContentBeyondItsCapacity() {
    CertificateReader reader = new CertificateReader(1);
    Map<String, String> first = issued("first");
    ServingCertificates firstRead = reader.readIssued(first).orElseThrow();

    reader.readIssued(issued("second"));

    assertThat(reader.readIssued(first).orElseThrow()).isNotSameAs(firstRead);
  }
}
