package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.Pem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterAuthenticationInfoTest {
  private static final CertificateAuthority CLIENT_CA =
      CertificateAuthority.create("client-ca", Duration.ofHours(1), Clock.systemUTC());
  private static final CertificateAuthority PROXY_CA =
      CertificateAuthority.create("front-proxy-ca", Duration.ofHours(1), Clock.systemUTC());

  @Test
  void readsCasAndJsonArraysInStrings() {
    ClusterAuthenticationInfo info =
        ClusterAuthenticationInfo.read(
            Map.of(
                "client-ca-file", Pem.encodeCertificate(CLIENT_CA.certificate()),
                "requestheader-client-ca-file", Pem.encodeCertificate(PROXY_CA.certificate()),
                "requestheader-allowed-names", "[\"front-proxy-client\"]",
                "requestheader-username-headers", "[\"X-Remote-User\"]",
                "requestheader-group-headers", "[\"X-Remote-Group\"]",
                "requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]",
                "requestheader-uid-headers", ""),
            ClusterAuthenticationInfo.NONE,
            problem -> {});

    assertThat(info)
        .isEqualTo(
            new ClusterAuthenticationInfo(
                List.of(CLIENT_CA.certificate()),
                List.of(PROXY_CA.certificate()),
                Optional.of(
                    new RequestHeaderConfig(
                        List.of("X-Remote-User"),
                        List.of(),
                        List.of("X-Remote-Group"),
                        List.of("X-Remote-Extra-"),
                        List.of("front-proxy-client")))));
  }

  @Test
  void malformedPartsKeepTheirPreviousValueAndAreReported() {
    ClusterAuthenticationInfo previous =
        new ClusterAuthenticationInfo(
            List.of(CLIENT_CA.certificate()),
            List.of(PROXY_CA.certificate()),
            Optional.of(RequestHeaderConfig.STANDARD));
    List<String> problems = new ArrayList<>();

    ClusterAuthenticationInfo info =
        ClusterAuthenticationInfo.read(
            Map.of(
                "client-ca-file", "not a certificate",
                "requestheader-username-headers", "X-Remote-User"),
            previous,
            problems::add);

    assertThat(info.clientCas()).containsExactly(CLIENT_CA.certificate());
    assertThat(info.requestHeaderCas()).isEmpty();
    assertThat(info.requestHeader()).contains(RequestHeaderConfig.STANDARD);
    assertThat(problems)
        .containsExactly(
            "key client-ca-file: data does not contain any valid RSA or ECDSA certificates",
            problems.get(1));
    assertThat(problems.get(1)).startsWith("key requestheader-username-headers is not a JSON array of strings");
  }
}
