package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.endpoints.TestServer;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestInfoHandlerTest {
  private static TestServer server() throws Exception {
    return TestServer.start(router -> {
      router.route().handler(new RequestInfoHandler());
      router.route().handler(ctx -> ctx.response().end(RequestContext.requestInfo(ctx).orElseThrow().verb()));
    });
  }

  @Test
  void givesEveryRequestItsOwnRandomUuidAsAuditId() throws Exception {
    try (TestServer server = server()) {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        String id = server.get("/apis/g/v/namespaces/ns/things/a").headers().firstValue(RequestInfoHandler.AUDIT_ID_HEADER).orElseThrow();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).as(id).isEqualTo(4);
        assertThat(uuid.variant()).as(id).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        ids.add(id);
      }
      assertThat(ids).hasSize(50);
    }
  }

  @Test
  void keepsTheAuditIdKubeApiserverSent() throws Exception {
    try (TestServer server = server()) {
      HttpResponse<String> response = server.get("/apis/g/v/things", RequestInfoHandler.AUDIT_ID_HEADER, "from-kube-apiserver");

      assertThat(response.headers().firstValue(RequestInfoHandler.AUDIT_ID_HEADER)).hasValue("from-kube-apiserver");
      assertThat(response.body()).isEqualTo("list");
    }
  }
}
