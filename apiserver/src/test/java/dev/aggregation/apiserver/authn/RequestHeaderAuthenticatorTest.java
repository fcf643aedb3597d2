package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestHeaderAuthenticatorTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final CertificateAuthority FRONT_PROXY_CA =
      CertificateAuthority.create("front-proxy-ca", Duration.ofHours(1), CLOCK);
  private static final IssuedCertificate PROXY =
      FRONT_PROXY_CA.issueClient("front-proxy-client", List.of(), Duration.ofHours(1));
  private static final RequestHeaderConfig CONFIG =
      new RequestHeaderConfig(
          List.of("X-Remote-User", "X-Other-User"),
          List.of("X-Remote-Uid"),
          List.of("X-Remote-Group"),
          List.of("X-Remote-Extra-"),
          List.of("front-proxy-client"));

  private static RequestHeaderAuthenticator authenticator(RequestHeaderConfig config) {
    return new RequestHeaderAuthenticator(() -> List.of(FRONT_PROXY_CA.certificate()), () -> Optional.of(config), CLOCK);
  }

  private static AuthenticationRequest request(IssuedCertificate certificate, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return new AuthenticationRequest(map, certificate == null ? List.of() : List.of(certificate.certificate()));
  }

  @Test
  void readsUserUidRepeatedGroupsAndUnescapedLowerCasedExtra() throws Exception {
    Optional<UserInfo> user =
        authenticator(CONFIG)
            .authenticate(
                request(
                    PROXY,
                    "X-Remote-User", "",
                    "X-Other-User", "alice",
                    "X-Remote-Uid", "u1",
                    "X-Remote-Group", "a,b",
                    "X-Remote-Group", "c",
                    "X-Remote-Extra-Acme.com%2FProject", "p1",
                    "x-remote-extra-acme.com%2fproject", "p2",
                    "X-Remote-Extra-Bad%zz", "kept"));

    assertThat(user)
        .contains(
            new UserInfo(
                "alice", "u1", List.of("a,b", "c"), Map.of("acme.com/project", List.of("p1", "p2"), "bad%zz", List.of("kept"))));
  }

  @Test
  void noUsernameHeaderLetsTheNextAuthenticatorTry() throws Exception {
    assertThat(authenticator(CONFIG).authenticate(request(PROXY, "X-Remote-Group", "system:masters"))).isEmpty();
  }

  @Test
  void rejectsACommonNameOutsideTheAllowedNames() {
    IssuedCertificate other = FRONT_PROXY_CA.issueClient("someone", List.of(), Duration.ofHours(1));

    assertThatThrownBy(() -> authenticator(CONFIG).authenticate(request(other, "X-Remote-User", "alice")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("x509: subject with cn=someone is not in the allowed list");
  }

  @Test
  void emptyAllowedNamesAcceptAnyVerifiedProxyCertificate() throws Exception {
    RequestHeaderConfig anyName =
        new RequestHeaderConfig(List.of("X-Remote-User"), List.of(), List.of(), List.of(), List.of());
    IssuedCertificate other = FRONT_PROXY_CA.issueClient("someone", List.of(), Duration.ofHours(1));

    assertThat(authenticator(anyName).authenticate(request(other, "X-Remote-User", "alice")))
        .map(UserInfo::name)
        .contains("alice");
  }

  @Test
  void rejectsACertificateWithoutClientAuthUsage() {
    IssuedCertificate serving = FRONT_PROXY_CA.issueServing("front-proxy-client", List.of("proxy"), List.of(), Duration.ofHours(1));

    assertThatThrownBy(() -> authenticator(CONFIG).authenticate(request(serving, "X-Remote-User", "alice")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("incompatible key usage");
  }

  @Test
  void headersWithoutAClientCertificateAreNotBelieved() throws Exception {
    assertThat(authenticator(CONFIG).authenticate(request(null, "X-Remote-User", "alice"))).isEmpty();
  }

  @Test
  void recognisesNobodyWhileNoConfigurationIsKnown() throws Exception {
    RequestHeaderAuthenticator unconfigured =
        new RequestHeaderAuthenticator(() -> List.of(FRONT_PROXY_CA.certificate()), Optional::empty, CLOCK);

    assertThat(unconfigured.authenticate(request(PROXY, "X-Remote-User", "alice"))).isEmpty();
  }
}
