package dev.aggregation.apiserver.endpoints.resource;

import static dev.aggregation.apiserver.endpoints.resource.Flunders.assertFailure;
import static dev.aggregation.apiserver.endpoints.resource.Flunders.collection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.Reply;
import dev.aggregation.apiserver.server.TestApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use the resources of a standalone server: system:masters only; health for everyone. */
class AuthenticationAndAuthorizationTest {
  @TempDir static Path directory;
  private static TestApiServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.start(directory);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anonymousIsForbiddenResourcesButMayCheckHealth() {
    assertFailure(
        server.anonymous().get(collection("default")),
        403,
        "Forbidden",
        "flunders.wardle.example.com is forbidden: User \"system:anonymous\" cannot list resource \"flunders\" in API group \"wardle.example.com\" in the namespace \"default\"");
    Reply health = server.anonymous().get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok");
  }

  @Test
  void aTokenUserOutsideSystemMastersIsForbidden() throws Exception {
    assertFailure(
        server.withToken(TestApiServer.DEVELOPER_TOKEN).post(collection("default"), Flunders.flunder("a", "b").toString()),
        403,
        "Forbidden",
        "flunders.wardle.example.com is forbidden: User \"jane\" cannot create resource \"flunders\" in API group \"wardle.example.com\" in the namespace \"default\"");
    assertThat(server.admin().get(Flunders.object("default", "a")).status()).isEqualTo(404);
  }

  @Test
  void anUnknownTokenIsUnauthorized() throws Exception {
    assertFailure(server.withToken("no-such-token").get(collection("default")), 401, "Unauthorized", "Unauthorized");
  }

  @Test
  void theAdminCertificateMayDoEverything() {
    assertThat(server.admin().get(collection("default")).status()).isEqualTo(200);
  }
}
