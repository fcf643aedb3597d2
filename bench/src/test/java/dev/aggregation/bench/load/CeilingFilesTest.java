package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingFilesTest {
  /** Not UTF-8, with a NUL and a CR LF: bytes that a text round trip would change. */
  private static final byte[] BYTES = {'{', 0, (byte) 0xff, (byte) 0xfe, '\r', '\n', (byte) 0xc3, '}'};

  @TempDir
  Path dir;

  private static CeilingServer.Canned canned(int status, String contentType, byte[] body) {
    return new CeilingServer.Canned(status, contentType, Buffer.buffer(body));
  }

  @Test
  void readsBackEachPathsAnswerByteForByteInTheOrderWritten() throws Exception {
    Map<String, CeilingServer.Canned> byPath = new LinkedHashMap<>();
    byPath.put("/table", canned(200, "application/json;as=Table;v=v1;g=meta.k8s.io", BYTES));
    byPath.put("/get", canned(200, "application/json", "{\"kind\":\"Flunder\"}".getBytes(StandardCharsets.UTF_8)));
    byPath.put("/create", canned(201, "application/json", new byte[0]));

    CeilingFiles.write(new CeilingSpec.Answers(byPath), dir);
    CeilingSpec read = CeilingFiles.read(dir);

    assertThat(read).isInstanceOf(CeilingSpec.Answers.class);
    assertThat(((CeilingSpec.Answers) read).byPath()).containsExactlyEntriesOf(byPath);
  }

  @Test
  void readsBackAFanoutRecordingWithItsEventLinesInOrder() throws Exception {
    FanoutCeiling.Recording recording = new FanoutCeiling.Recording(canned(200, "application/json", BYTES),
        canned(201, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
        List.of(Buffer.buffer("{\"type\":\"ADDED\",\"n\":0}"), Buffer.buffer(BYTES), Buffer.buffer("{\"type\":\"ADDED\",\"n\":2}")));

    CeilingFiles.write(new CeilingSpec.Fanout(recording), dir);

    assertThat(CeilingFiles.read(dir)).isEqualTo(new CeilingSpec.Fanout(recording));
  }

  @Test
  void readsBackTheCreateProxysEndpointStoredBytesAndAnswer() throws Exception {
    CeilingSpec.CreateProxy proxy = new CeilingSpec.CreateProxy("http://127.0.0.1:2379", Buffer.buffer(BYTES),
        canned(201, "application/json", "{\"kind\":\"Flunder\"}".getBytes(StandardCharsets.UTF_8)));

    CeilingFiles.write(proxy, dir);

    assertThat(CeilingFiles.read(dir)).isEqualTo(proxy);
  }

  @Test
  void refusesABodyFileOutsideItsDirectory() throws Exception {
    Files.writeString(dir.resolve(CeilingFiles.MANIFEST), "{\"kind\":\"create-proxy\",\"etcdEndpoint\":\"http://e\","
        + "\"stored\":\"../stored.bin\",\"created\":{\"status\":201,\"contentType\":\"application/json\",\"body\":\"b\"}}");

    assertThatThrownBy(() -> CeilingFiles.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../stored.bin").hasMessageContaining(dir.toString());
  }
}
