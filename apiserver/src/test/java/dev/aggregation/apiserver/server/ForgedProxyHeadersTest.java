package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Front-proxy headers no compliant client can send, written raw over TLS with kube-apiserver's proxy certificate:
 * CR, LF, obs-fold and NUL inside {@code X-Remote-*} values must never smuggle a second header (a group such as
 * {@code system:masters}, which skips the SubjectAccessReview). The cluster's RBAC here allows only {@code alice}.
 */
class ForgedProxyHeadersTest {
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders";

  @TempDir static Path dir;
  static DelegatedCluster cluster;
  static IssuedCertificate proxyCertificate;

  @BeforeAll
  static void start() throws Exception {
    cluster = DelegatedCluster.start(dir, spec -> spec.path("user").asText().equals("alice")
        ? FakeKubeApiserver.allowed("")
        : FakeKubeApiserver.noOpinion());
    proxyCertificate = cluster.frontProxyCa.issueClient(DelegatedCluster.PROXY_NAME, List.of(), Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void noReviewEverCarriedASmuggledGroupAndTheServerStaysReady() throws Exception {
    for (JsonNode review : cluster.kube.accessReviews()) {
      assertThat(review.path("groups").toString()).doesNotContain("system:masters").doesNotContain("wardle-admins");
      assertThat(review.path("user").asText()).doesNotContain("\r").doesNotContain("\n").doesNotContain("X-Remote");
    }
    assertThat(cluster.frontProxy().get("/readyz", "X-Remote-User", "alice").statusCode()).isEqualTo(200);
  }

  /** The status code of a raw request sent as the front proxy with {@code headers} verbatim; 0 when closed unanswered. */
  private static int sendAsProxy(String headers) throws Exception {
    return sendRaw(proxyCertificate, headers);
  }

  private static int sendRaw(IssuedCertificate certificate, String headers) throws Exception {
    try (RawTlsConnection connection =
        RawTlsConnection.open(cluster.server.port(), cluster.servingCa(), certificate, "http/1.1", Duration.ofSeconds(30))) {
      connection.write(("GET " + FLUNDERS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      String response = new String(connection.readUntilClosed(), StandardCharsets.ISO_8859_1);
      return response.isEmpty() ? 0 : Integer.parseInt(response.substring(9, 12));
    }
  }

  @Test
  void aCleanProxiedRequestOfAliceIsServed() throws Exception {
    assertThat(sendAsProxy("X-Remote-User: alice\r\n")).isEqualTo(200);
  }

  @Test
  void aBareCarriageReturnDoesNotStartANewHeader() throws Exception {
    assertThat(sendAsProxy("X-Remote-User: mallory\rX-Remote-Group: system:masters\r\n")).isNotEqualTo(200);
  }

  @Test
  void aBareLineFeedDoesNotSmuggleAGroupPastTheUser() throws Exception {
    // a bare LF ends a header line in lenient parsers: then the group is a header of the proxy's own, as it would be
    // anyway; what matters is that the user is not 'alice' with a smuggled group
    assertThat(sendAsProxy("X-Remote-User: mallory\nX-Remote-Group: system:masters\r\n")).isNotEqualTo(200);
  }

  @Test
  void anObsoleteLineFoldingDoesNotSmuggleAGroup() throws Exception {
    assertThat(sendAsProxy("X-Remote-User: mallory\r\n X-Remote-Group: system:masters\r\n")).isNotEqualTo(200);
  }

  @Test
  void aNulInTheUserIsNotAlice() throws Exception {
    assertThat(sendAsProxy("X-Remote-User: alice\u0000\r\n")).isNotEqualTo(200);
  }

  @Test
  void crLfInAnExtraKeyIsRefusedOrInert() throws Exception {
    assertThat(sendAsProxy("X-Remote-User: mallory\r\nX-Remote-Extra-a\rX-Remote-Group: system:masters\r\n")).isNotEqualTo(200);
  }

  @Test
  void aClientCaUserCannotActAsTheProxy() throws Exception {
    IssuedCertificate mallory = cluster.clientCa.issueClient("mallory", List.of(), Duration.ofHours(1));
    assertThat(sendRaw(mallory, "X-Remote-User: alice\r\nX-Remote-Group: system:masters\r\n")).isEqualTo(403);
    assertThat(cluster.kube.accessReviewsOf("mallory")).isNotEmpty();
  }
}
