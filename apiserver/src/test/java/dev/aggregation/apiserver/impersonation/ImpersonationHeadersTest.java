package dev.aggregation.apiserver.impersonation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.machinery.ApiException;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpersonationHeadersTest {
  private static MultiMap headers(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void groupsWithoutAUserAreABadRequestNamingEveryReference() {
    assertThatThrownBy(() -> ImpersonationHeaders.parse(headers("Impersonate-Group", "g1", "Impersonate-Uid", "u1")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.getMessage())
                .isEqualTo(
                    "requested [{Group  g1    } {UID  u1  authentication.k8s.io/v1  }] without impersonating a user"));
  }

  @Test
  void serviceAccountUserNamesAreServiceAccounts() throws Exception {
    assertThat(ImpersonationHeaders.parse(headers("Impersonate-User", "system:serviceaccount:wardle:apiserver")))
        .containsExactly(new ImpersonationTarget(ImpersonationTarget.Kind.SERVICE_ACCOUNT, "wardle", "apiserver", ""));
  }

  @Test
  void extraKeysAreLowerCasedAndUnescaped() throws Exception {
    assertThat(
            ImpersonationHeaders.parse(
                headers("Impersonate-User", "dave", "Impersonate-Extra-Acme.com%2FScopes", "s1")))
        .containsExactly(
            new ImpersonationTarget(ImpersonationTarget.Kind.USER, "", "dave", ""),
            new ImpersonationTarget(ImpersonationTarget.Kind.USER_EXTRA, "", "s1", "acme.com/scopes"));
  }

  @Test
  void noHeadersImpersonateNobody() throws Exception {
    assertThat(ImpersonationHeaders.parse(headers("Authorization", "Bearer x"))).isEqualTo(List.of());
  }
}
