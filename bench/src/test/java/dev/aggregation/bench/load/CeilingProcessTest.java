package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingProcessTest {
  private static final Path JAVA = Path.of(ProcessHandle.current().info().command().orElseThrow());
  /** Flags unlike this test JVM's own defaults, so that the child can be seen to run with them. */
  private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m");
  /** Not UTF-8, with a NUL and a CR LF: bytes that a text round trip would change. */
  private static final byte[] BODY = {'{', 0, (byte) 0xff, (byte) 0xfe, '\r', '\n', (byte) 0xc3, '}'};

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));

  @TempDir
  Path scratch;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ChildServer.Launch launch(List<String> flags) {
    return new ChildServer.Launch(JAVA, flags, null, scratch.resolve("server"), null);
  }

  private static CeilingSpec.Answers answers() {
    return new CeilingSpec.Answers(Map.of("/get", new CeilingServer.Canned(203, "application/vnd.test;charset=x-bytes", Buffer.buffer(BODY))));
  }

  @Test
  void answersARecordedPathWithExactlyTheRecordedStatusContentTypeAndBodyOverTls() throws Exception {
    try (CeilingProcess ceiling = CeilingProcess.start(launch(FLAGS), scratch.resolve("ceiling"), answers())) {
      HttpClientResponse response = get(ceiling.port(), "/get");
      Buffer body = response.body().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(response.request().connection().isSsl()).isTrue();
      assertThat(response.statusCode()).isEqualTo(203);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/vnd.test;charset=x-bytes");
      assertThat(body.getBytes()).isEqualTo(BODY);
    }
  }

  @Test
  void answersAnUnrecordedPathWith404() throws Exception {
    try (CeilingProcess ceiling = CeilingProcess.start(launch(FLAGS), scratch.resolve("ceiling"), answers())) {
      assertThat(get(ceiling.port(), "/list").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void runsInAJvmOfItsOwnWithTheLaunchsJavaAndFlags() throws Exception {
    try (CeilingProcess ceiling = CeilingProcess.start(launch(FLAGS), scratch.resolve("ceiling"), answers())) {
      // the command line as the kernel holds it (ProcessHandle.Info leaves a long one's arguments out)
      List<String> commandLine = List.of(
          Files.readString(Path.of("/proc/" + ceiling.pid() + "/cmdline"), StandardCharsets.UTF_8).split("\0"));

      assertThat(ceiling.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(commandLine.get(0)).isEqualTo(JAVA.toString());
      assertThat(commandLine.subList(1, 1 + FLAGS.size())).isEqualTo(FLAGS);
      assertThat(commandLine).contains(CeilingMain.class.getName());
    }
  }

  @Test
  void stopsTheChildOnClose() throws Exception {
    CeilingProcess ceiling = CeilingProcess.start(launch(FLAGS), scratch.resolve("ceiling"), answers());
    ProcessHandle child = ProcessHandle.of(ceiling.pid()).orElseThrow();

    ceiling.close();

    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void failsWithTheChildsOutputWhenItExitsBeforeListening() {
    assertThatThrownBy(() -> CeilingProcess.start(launch(List.of("-XX:+NoSuchBenchFlag")), scratch.resolve("ceiling"), answers()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with")
        .hasMessageContaining("NoSuchBenchFlag")
        .hasMessageContaining(scratch.resolve("ceiling").resolve(CeilingProcess.LOG).toString());
  }

  @Test
  void takesThePortOnlyFromAWholeLine() {
    assertThat(CeilingProcess.listeningPort("Picked up JAVA_TOOL_OPTIONS: -Xint\nlistening on 39971\n")).contains(39971);
    assertThat(CeilingProcess.listeningPort("listening on 3")).isEmpty();
  }

  private HttpClientResponse get(int port, String path) throws Exception {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(request -> request.send())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
