package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The front-proxy header parser with arbitrary headers from a trusted proxy: it never fails but with an
 * AuthenticationException, the user is exactly the first non-empty username header, the groups exactly the group
 * headers' values, and nothing else (the proxy certificate's own name included) becomes an identity.
 */
class RequestHeaderProperties {
  private static IssuedCertificate proxy;
  private static CertificateAuthority ca;
  private static final RequestHeaderConfig CONFIG = new RequestHeaderConfig(
      List.of("X-Remote-User"), List.of("X-Remote-Uid"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-"), List.of("front-proxy-client"));

  @BeforeContainer
  static void issueProxyCertificate() throws Exception {
    ca = CertificateAuthority.create("front-proxy-ca", Duration.ofHours(1), Clock.systemUTC());
    proxy = ca.issueClient("front-proxy-client", List.of("system:masters"), Duration.ofHours(1));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, String>>> headers() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("X-Remote-User", "x-remote-user", "X-Remote-Group", "X-REMOTE-GROUP", "X-Remote-Uid", "X-Remote-Extra-",
            "X-Remote-Extra-Scopes", "x-remote-extra-a%2Fb", "X-Remote-Extra-%zz", "X-Remote-Extra-%", "X-Remote-Extra-%E2%82",
            "Authorization", "Impersonate-User", "X-Remote-Userx"),
        Arbitraries.strings().ofMaxLength(12).map(s -> "X-Remote-Extra-" + s));
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of("", "alice", "system:masters", "a,b", " ", "\u0000"), Arbitraries.strings().ofMaxLength(20));
    return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(8);
  }

  @Property
  void theIdentityIsExactlyWhatTheHeadersSay(@ForAll("headers") List<Tuple.Tuple2<String, String>> headers) throws Exception {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(h -> map.add(h.get1(), h.get2()));
    RequestHeaderAuthenticator authenticator =
        new RequestHeaderAuthenticator(() -> List.of(ca.certificate()), () -> Optional.of(CONFIG), Clock.systemUTC());

    Optional<UserInfo> user = authenticator.authenticate(new AuthenticationRequest(map, List.of(proxy.certificate())));

    String expectedName = map.getAll("X-Remote-User").stream().findFirst().filter(v -> !v.isEmpty()).orElse("");
    if (expectedName.isEmpty()) {
      assertThat(user).isEmpty();
      return;
    }
    assertThat(user).isPresent();
    assertThat(user.get().name()).isEqualTo(expectedName);
    List<String> groups = new ArrayList<>(map.getAll("X-Remote-Group").stream().filter(v -> !v.isEmpty()).toList());
    assertThat(user.get().groups()).isEqualTo(groups);
  }

  @Property
  void extraKeysUnescapeWhatClientGoEscapes(@ForAll String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (!new String(lower.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(lower)) {
      return; // lone surrogates: no header can carry them
    }
    String escaped = URLEncoder.encode(lower, StandardCharsets.UTF_8).replace("+", "%20");
    assertThat(ExtraKeys.unescape(escaped)).isEqualTo(lower);
  }

  @Property
  void extraKeyUnescapingNeverFails(@ForAll String key) {
    assertThat(ExtraKeys.unescape(key)).isNotNull();
  }
}
