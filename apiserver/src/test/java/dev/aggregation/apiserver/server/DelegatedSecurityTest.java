package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delegated trust model end to end: a real TLS listener, kube-apiserver played by the fabric8 mock
 * (extension-apiserver-authentication, TokenReview, SubjectAccessReview), a front proxy presenting a
 * requestheader client certificate, and users who are who kube-apiserver says they are.
 */
class DelegatedSecurityTest {
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders";
  private static final String REVIEW_FORBIDDEN =
      "subjectaccessreviews.authorization.k8s.io is forbidden: User \"system:serviceaccount:wardle:apiserver\""
          + " cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope";

  @TempDir static Path dir;
  static DelegatedCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = DelegatedCluster.start(dir, DelegatedSecurityTest::rbac);
    cluster.kube.addToken("alice-token", "alice-token-user", "uid-7", List.of("dev"));
    cluster.kube.addToken("alice-cache-token", "alice-cached", "", List.of());
    cluster.kube.addToken("bob-token", "bob", "", List.of());
    cluster.kube.addToken("broken-token", "broken", "", List.of());
    cluster.kube.addToken("impersonator-token", "alice-impersonator", "", List.of());
    cluster.kube.addToken("denied-impersonator-token", "alice-would-be-root", "", List.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** The cluster's RBAC, as the tests need it. */
  private static FakeKubeApiserver.Reply rbac(JsonNode spec) {
    String user = spec.path("user").asText();
    JsonNode resource = spec.path("resourceAttributes");
    if (user.equals("bob")) {
      return FakeKubeApiserver.denied("bob is banned");
    }
    if (user.equals("broken")) {
      return FakeKubeApiserver.forbiddenToReview(REVIEW_FORBIDDEN);
    }
    if (resource.path("verb").asText().equals("impersonate")) {
      boolean mayImpersonate = user.startsWith("alice") && !resource.path("name").asText().equals("root");
      return mayImpersonate ? FakeKubeApiserver.allowed("") : FakeKubeApiserver.noOpinion();
    }
    boolean admin = false;
    for (JsonNode group : spec.path("groups")) {
      admin |= group.asText().equals("wardle-admins");
    }
    if (user.startsWith("alice") || user.equals("dave") || admin) {
      return FakeKubeApiserver.allowed("");
    }
    return FakeKubeApiserver.noOpinion();
  }

  @Test
  void trustedFrontProxyUserGroupsExtraAndUidReachAuthorization() throws Exception {
    HttpResponse<String> response =
        cluster
            .frontProxy()
            .get(
                FLUNDERS + "?labelSelector=tier%3Dfront&fieldSelector=metadata.name%21%3Dx",
                "X-Remote-User", "alice-proxied",
                "X-Remote-Uid", "uid-1",
                "X-Remote-Group", "dev,ops",
                "X-Remote-Group", "qa",
                "X-Remote-Extra-Scopes", "s1",
                "X-Remote-Extra-Scopes", "s2",
                "X-Remote-Extra-Authentication.kubernetes.io%2Fcredential-id", "JTI=1");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> reviews = cluster.kube.accessReviewsOf("alice-proxied");
    assertThat(reviews).hasSize(1);
    JsonNode expected =
        Json.mapper()
            .readTree(
                """
                {"user":"alice-proxied","uid":"uid-1","groups":["dev,ops","qa","system:authenticated"],
                 "extra":{"authentication.kubernetes.io/credential-id":["JTI=1"],"scopes":["s1","s2"]},
                 "resourceAttributes":{"namespace":"default","verb":"list","group":"wardle.example.com",
                   "version":"v1alpha1","resource":"flunders",
                   "fieldSelector":{"requirements":[{"key":"metadata.name","operator":"NotIn","values":["x"]}]},
                   "labelSelector":{"requirements":[{"key":"tier","operator":"In","values":["front"]}]}}}
                """);
    assertThat(reviews.get(0)).isEqualTo(expected);
  }

  @Test
  void proxyCertificateWhoseCommonNameIsNotAllowedGets401() throws Exception {
    TlsClient impostor = cluster.client(cluster.frontProxyCa.issueClient("not-the-proxy", List.of(), Duration.ofHours(1)));

    HttpResponse<String> response = impostor.get(FLUNDERS, "X-Remote-User", "alice-cn", "X-Remote-Group", "system:masters");

    assertUnauthorized(response);
    assertThat(cluster.kube.accessReviewsOf("alice-cn")).isEmpty();
  }

  @Test
  void frontProxyNameFromAnUntrustedCaGets401() throws Exception {
    CertificateAuthority attacker = CertificateAuthority.create("attacker", Duration.ofHours(1), Clock.systemUTC());
    TlsClient impostor = cluster.client(attacker.issueClient(DelegatedCluster.PROXY_NAME, List.of(), Duration.ofHours(1)));

    HttpResponse<String> response = impostor.get(FLUNDERS, "X-Remote-User", "alice-untrusted");

    assertUnauthorized(response);
    assertThat(cluster.kube.accessReviewsOf("alice-untrusted")).isEmpty();
  }

  @Test
  void remoteUserHeaderWithoutCertificateIsAnonymousAndForbidden() throws Exception {
    HttpResponse<String> response =
        cluster.client(null).get(FLUNDERS + "?limit=1", "X-Remote-User", "alice-no-cert", "X-Remote-Group", "system:masters");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Json.mapper().readTree(response.body()).path("message").asText())
        .isEqualTo(
            "flunders.wardle.example.com is forbidden: User \"system:anonymous\" cannot list resource \"flunders\""
                + " in API group \"wardle.example.com\" in the namespace \"default\"");
    assertThat(cluster.kube.accessReviewsOf("alice-no-cert")).isEmpty();
    assertThat(cluster.kube.accessReviewsOf("system:anonymous"))
        .anySatisfy(spec -> assertThat(spec.path("groups").toString()).isEqualTo("[\"system:unauthenticated\"]"));
  }

  @Test
  void clientCaCertificateIsItsCommonNameInItsOrganizations() throws Exception {
    TlsClient carol =
        cluster.client(cluster.clientCa.issueClient("carol", List.of("wardle-admins", "ops"), Duration.ofHours(1)));

    HttpResponse<String> response = carol.get("/apis/wardle.example.com/v1alpha1/fischers");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode spec = cluster.kube.accessReviewsOf("carol").get(0);
    assertThat(spec.path("groups").toString()).isEqualTo("[\"wardle-admins\",\"ops\",\"system:authenticated\"]");
    assertThat(spec.path("extra").path("authentication.kubernetes.io/credential-id").get(0).asText()).startsWith("X509SHA256=");
  }

  @Test
  void validBearerTokenIsTheTokenReviewUser() throws Exception {
    HttpResponse<String> response = cluster.client(null).get(FLUNDERS, "Authorization", "Bearer alice-token");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode spec = cluster.kube.accessReviewsOf("alice-token-user").get(0);
    assertThat(spec.path("uid").asText()).isEqualTo("uid-7");
    assertThat(spec.path("groups").toString()).isEqualTo("[\"dev\",\"system:authenticated\"]");
  }

  @Test
  void rejectedBearerTokenGets401() throws Exception {
    HttpResponse<String> response = cluster.client(null).get(FLUNDERS, "Authorization", "Bearer no-such-token");

    assertUnauthorized(response);
    assertThat(cluster.kube.tokenReviews())
        .anySatisfy(review -> assertThat(review.path("spec").path("token").asText()).isEqualTo("no-such-token"));
  }

  @Test
  void deniedUserGetsKubernetesForbiddenWithTheReason() throws Exception {
    HttpResponse<String> response = cluster.client(null).get(FLUNDERS + "/foo", "Authorization", "Bearer bob-token");

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode status = Json.mapper().readTree(response.body());
    assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "flunders.wardle.example.com \"foo\" is forbidden: User \"bob\" cannot get resource \"flunders\" in API"
                + " group \"wardle.example.com\" in the namespace \"default\": bob is banned");
  }

  @Test
  void failedSubjectAccessReviewIsAnInternalErrorNeverAnAllow() throws Exception {
    HttpResponse<String> response = cluster.client(null).get(FLUNDERS, "Authorization", "Bearer broken-token");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("Internal Server Error: \"" + FLUNDERS + "\": " + REVIEW_FORBIDDEN + "\n");
  }

  @Test
  void repeatedRequestsWithinTheTtlAskKubeApiserverOnce() throws Exception {
    TlsClient client = cluster.client(null);

    for (int i = 0; i < 3; i++) {
      assertThat(client.get(FLUNDERS, "Authorization", "Bearer alice-cache-token").statusCode()).isEqualTo(200);
    }

    assertThat(cluster.kube.tokenReviews().stream().filter(r -> r.path("spec").path("token").asText().equals("alice-cache-token")))
        .hasSize(1);
    assertThat(cluster.kube.accessReviewsOf("alice-cached")).hasSize(1);
  }

  @Test
  void allowedImpersonationActsAsTheImpersonatedUser() throws Exception {
    HttpResponse<String> response =
        cluster
            .client(null)
            .get(
                FLUNDERS,
                "Authorization", "Bearer impersonator-token",
                "Impersonate-User", "dave",
                "Impersonate-Group", "g1",
                "Impersonate-Extra-Reason", "on-call");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> checks = cluster.kube.accessReviewsOf("alice-impersonator");
    assertThat(checks)
        .extracting(spec -> spec.path("resourceAttributes").path("resource").asText() + "/" + spec.path("resourceAttributes").path("subresource").asText(""))
        .containsExactly("users/", "groups/", "userextras/reason");
    JsonNode asDave = cluster.kube.accessReviewsOf("dave").get(0);
    assertThat(asDave.path("groups").toString()).isEqualTo("[\"g1\",\"system:authenticated\"]");
    assertThat(asDave.path("extra").toString()).isEqualTo("{\"reason\":[\"on-call\"]}");
  }

  @Test
  void deniedImpersonationIsForbiddenWithKubernetesMessage() throws Exception {
    HttpResponse<String> response =
        cluster.client(null).get(FLUNDERS, "Authorization", "Bearer denied-impersonator-token", "Impersonate-User", "root");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Json.mapper().readTree(response.body()).path("message").asText())
        .isEqualTo(
            "users \"root\" is forbidden: User \"alice-would-be-root\" cannot impersonate resource \"users\" in"
                + " API group \"\" at the cluster scope");
    assertThat(cluster.kube.accessReviewsOf("root")).isEmpty();
  }

  private static void assertUnauthorized(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode status = Json.mapper().readTree(response.body());
    assertThat(Map.of("reason", status.path("reason").asText(), "message", status.path("message").asText()))
        .isEqualTo(Map.of("reason", "Unauthorized", "message", "Unauthorized"));
  }
}
