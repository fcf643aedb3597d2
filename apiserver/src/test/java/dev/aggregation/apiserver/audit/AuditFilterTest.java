package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.authn.AuthenticationHandler;
import dev.aggregation.apiserver.authn.TokenFileAuthenticator;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.authz.AlwaysAllowGroupsAuthorizer;
import dev.aggregation.apiserver.authz.AuthorizationHandler;
import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfoHandler;
import dev.aggregation.apiserver.machinery.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit filter in a chain with a stand-in for the impersonation filter, which replaces the request's user. */
class AuditFilterTest {
  @TempDir Path dir;

  private static final class Collecting implements AuditBackend {
    final List<ObjectNode> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean tryProcess(byte[] event) {
      return events.add(Json.readObject(event));
    }

    @Override
    public void process(byte[] event) {
      events.add(Json.readObject(event));
    }

    @Override
    public void close() {}
  }

  @Test
  void anImpersonatedRequestRecordsTheAuthenticatedUserAndTheImpersonatedOne() throws Exception {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, "admin-token,admin,admin-uid,\"system:masters\"\n");
    PolicyEvaluator policy = new PolicyEvaluator(new PolicyLoader().parse(new YAMLMapper().readTree(
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n")));
    Collecting backend = new Collecting();
    TokenFileAuthenticator authenticator = TokenFileAuthenticator.read(tokens);
    try (TestServer server = TestServer.startWith((vertx, router) -> {
      AuditFilter audit = new AuditFilter(policy, backend, vertx, Clock.systemUTC());
      router.route().handler(new RequestInfoHandler());
      router.route().handler(audit.received());
      router.route().blockingHandler(new AuthenticationHandler(authenticator).asHandler(), false);
      router.route().handler(audit.authenticated().asHandler());
      router.route().handler(ctx -> {
        String as = ctx.request().getHeader("Impersonate-User");
        if (as != null) {
          RequestContext.setUser(ctx, UserInfo.of(as, List.of("system:masters", "system:authenticated")));
        }
        ctx.next();
      });
      router.route().handler(audit.authorizing().asHandler());
      router.route().blockingHandler(new AuthorizationHandler(AlwaysAllowGroupsAuthorizer.systemMasters()).asHandler(), false);
      router.route().handler(audit.authorized().asHandler());
      router.route().handler(ctx -> ctx.response().end("ok"));
    })) {
      server.get("/version", "Authorization", "Bearer admin-token", "Impersonate-User", "bob");
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.events.size() == 2);
    }
    ObjectNode received = backend.events.get(0);
    ObjectNode complete = backend.events.get(1);
    assertThat(received.path("stage").asText()).isEqualTo("RequestReceived");
    assertThat(received.path("user").path("username").asText()).isEqualTo("admin");
    assertThat(received.has("impersonatedUser")).isFalse();
    assertThat(complete.path("stage").asText()).isEqualTo("ResponseComplete");
    assertThat(complete.path("user").path("username").asText()).isEqualTo("admin");
    assertThat(complete.path("impersonatedUser").path("username").asText()).isEqualTo("bob");
    assertThat(complete.path("responseStatus").path("code").asInt()).isEqualTo(200);
    assertThat(complete.path("auditID").asText()).isEqualTo(received.path("auditID").asText()).isNotEmpty();
  }
}
