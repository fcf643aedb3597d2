package dev.aggregation.apiserver.endpoints.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.endpoints.TestServer;
import dev.aggregation.apiserver.machinery.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class VersionHandlerTest {
  @Test
  void reportsTheBuildAsVersionInfo() throws Exception {
    BuildInfo build = new BuildInfo("0.1.0", "0123abcd", "clean", "2026-01-02T03:04:05Z");
    try (TestServer server = TestServer.start(new VersionHandler(build)::mount)) {
      HttpResponse<String> response = server.get("/version");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode info = Json.mapper().readTree(response.body());
      assertThat(info.get("major").asText()).isEqualTo("0");
      assertThat(info.get("minor").asText()).isEqualTo("1");
      assertThat(info.get("gitVersion").asText()).isEqualTo("v0.1.0");
      assertThat(info.get("gitCommit").asText()).isEqualTo("0123abcd");
      assertThat(info.get("gitTreeState").asText()).isEqualTo("clean");
      assertThat(info.get("buildDate").asText()).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(info.get("goVersion").asText()).isEqualTo("java" + Runtime.version().feature() + versionTail());
      assertThat(info.get("compiler").asText()).isEqualTo("javac");
      assertThat(info.get("platform").asText()).matches("[a-z0-9]+/[a-z0-9_]+");
    }
  }

  private static String versionTail() {
    StringBuilder tail = new StringBuilder();
    Runtime.version().version().stream().skip(1).forEach(n -> tail.append('.').append(n));
    return tail.toString();
  }

  @Test
  void readsTheFilteredBuildProperties() {
    BuildInfo build = BuildInfo.load();

    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(build.gitVersion()).startsWith("v");
    assertThat(build.buildDate()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(build.gitCommit()).isNotBlank();
  }
}
