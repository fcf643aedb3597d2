package dev.aggregation.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizersTest {
  private static final UserInfo BOB = UserInfo.of("bob", List.of("devs"));
  private static final RequestInfo GET_FLUNDERS =
      new RequestInfo(true, "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders/foo", "get", "apis",
          "wardle.example.com", "v1alpha1", "default", "flunders", "", "foo");

  private static RequestInfo path(String path) {
    return RequestInfo.nonResource(path, "GET");
  }

  @Test
  void systemMastersMayDoAnything() {
    assertThat(AlwaysAllowGroupsAuthorizer.systemMasters()
            .authorize(UserInfo.of("root", List.of("system:masters")), GET_FLUNDERS).verdict())
        .isEqualTo(Decision.Verdict.ALLOW);
    assertThat(AlwaysAllowGroupsAuthorizer.systemMasters().authorize(BOB, GET_FLUNDERS).verdict())
        .isEqualTo(Decision.Verdict.NO_OPINION);
  }

  @Test
  void alwaysAllowPathsMatchExactlyOrByTrailingStarPrefix() {
    AlwaysAllowPathsAuthorizer paths = new AlwaysAllowPathsAuthorizer(List.of("/healthz", "/livez/*"));

    assertThat(paths.authorize(BOB, path("/healthz")).verdict()).isEqualTo(Decision.Verdict.ALLOW);
    assertThat(paths.authorize(BOB, path("/healthz/etcd")).verdict()).isEqualTo(Decision.Verdict.NO_OPINION);
    assertThat(paths.authorize(BOB, path("/livez/ping")).verdict()).isEqualTo(Decision.Verdict.ALLOW);
    assertThat(paths.authorize(BOB, path("/metrics")).verdict()).isEqualTo(Decision.Verdict.NO_OPINION);
  }

  @Test
  void alwaysAllowPathsNeverCoverResourceRequests() {
    AlwaysAllowPathsAuthorizer everything = new AlwaysAllowPathsAuthorizer(List.of("/*"));

    assertThat(everything.authorize(BOB, GET_FLUNDERS).verdict()).isEqualTo(Decision.Verdict.NO_OPINION);
  }

  @Test
  void starInsideAPathIsRejected() {
    assertThatThrownBy(() -> new AlwaysAllowPathsAuthorizer(List.of("/a*b")))
        .hasMessage("only trailing * allowed in \"a*b\"");
  }

  @Test
  void unionTakesTheFirstDecisionAndThrowsOnlyWhenNobodyDecides() {
    Authorizer failing =
        (user, request) -> {
          throw new IllegalStateException("webhook down");
        };
    Authorizer denying = (user, request) -> Decision.deny("no way");

    assertThat(new UnionAuthorizer(List.of(failing, denying)).authorize(BOB, GET_FLUNDERS))
        .isEqualTo(Decision.deny("no way"));
    assertThatThrownBy(() -> new UnionAuthorizer(List.of(failing)).authorize(BOB, GET_FLUNDERS))
        .hasMessage("webhook down");
  }

  @Test
  void forbiddenMessageForANamespacedResource() {
    assertThat(AuthorizationHandler.forbidden(BOB, GET_FLUNDERS, "").status().getMessage())
        .isEqualTo(
            "flunders.wardle.example.com \"foo\" is forbidden: User \"bob\" cannot get resource \"flunders\" in API group \"wardle.example.com\" in the namespace \"default\"");
  }

  @Test
  void forbiddenMessageForAClusterScopedSubresourceListWithReason() {
    RequestInfo listStatus =
        new RequestInfo(true, "/apis/wardle.example.com/v1alpha1/fischers", "list", "apis", "wardle.example.com",
            "v1alpha1", "", "fischers", "status", "");

    assertThat(AuthorizationHandler.forbidden(BOB, listStatus, "RBAC: denied").status().getMessage())
        .isEqualTo(
            "fischers.wardle.example.com is forbidden: User \"bob\" cannot list resource \"fischers/status\" in API group \"wardle.example.com\" at the cluster scope: RBAC: denied");
  }

  @Test
  void forbiddenMessageForAPathEscapesHtml() {
    assertThat(AuthorizationHandler.forbidden(BOB, path("/a<b>"), "").status().getMessage())
        .isEqualTo("forbidden: User \"bob\" cannot get path \"/a&lt;b&gt;\"");
  }
}
