package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import io.vertx.core.MultiMap;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class X509AuthenticatorTest {
  private final Clock clock = Clock.systemUTC();
  private final CertificateAuthority ca = CertificateAuthority.create("client-ca", Duration.ofDays(1), clock);
  private final AtomicReference<List<java.security.cert.X509Certificate>> pool =
      new AtomicReference<>(List.of(ca.certificate()));
  private final X509Authenticator authenticator = new X509Authenticator(pool::get, clock);

  private static AuthenticationRequest presenting(IssuedCertificate certificate) {
    return new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap(), List.of(certificate.certificate()));
  }

  @Test
  void userIsTheCommonNameAndGroupsAreAllOrganizations() throws Exception {
    IssuedCertificate bob = ca.issueClient("bob", List.of("devs", "ops"), Duration.ofHours(1));

    UserInfo user = authenticator.authenticate(presenting(bob)).orElseThrow();

    assertThat(user.name()).isEqualTo("bob");
    assertThat(user.groups()).containsExactly("devs", "ops");
    assertThat(user.extra().get(X509Authenticator.CREDENTIAL_ID).get(0)).matches("X509SHA256=[0-9a-f]{64}");
  }

  @Test
  void noCertificateIsNoCredential() throws Exception {
    assertThat(authenticator.authenticate(new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap(), List.of())))
        .isEmpty();
  }

  @Test
  void certificateOfAnotherCaIsRejected() {
    IssuedCertificate foreign =
        CertificateAuthority.create("other", Duration.ofDays(1), clock)
            .issueClient("bob", List.of(), Duration.ofHours(1));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(foreign)))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void servingCertificateIsRejectedForClientAuthentication() {
    IssuedCertificate serving =
        ca.issueServing("bob", List.of("localhost"), List.of(InetAddress.getLoopbackAddress()), Duration.ofHours(1));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(serving)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("incompatible key usage");
  }

  @Test
  void emptyCommonNameAuthenticatesNobody() throws Exception {
    IssuedCertificate nameless = ca.issueClient("", List.of("devs"), Duration.ofHours(1));

    assertThat(authenticator.authenticate(presenting(nameless))).isEqualTo(Optional.empty());
  }

  @Test
  void swappedPoolAppliesToTheNextRequest() {
    IssuedCertificate bob = ca.issueClient("bob", List.of(), Duration.ofHours(1));
    pool.set(List.of(CertificateAuthority.create("rotated", Duration.ofDays(1), clock).certificate()));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(bob)))
        .isInstanceOf(AuthenticationException.class);
  }
}
