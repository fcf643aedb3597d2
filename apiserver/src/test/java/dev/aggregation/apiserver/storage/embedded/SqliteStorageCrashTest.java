package dev.aggregation.apiserver.storage.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.KeyValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the embedded store acknowledged survives the process being killed with SIGKILL right after, with writes
 * from several threads sharing commits.
 */
class SqliteStorageCrashTest {

  private static final int ACKS_BEFORE_KILL = 40;
  /** Writers in the child at once: the store commits their writes in batches, and the kill lands mid-batch. */
  private static final int WRITER_THREADS = 8;

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
    Path stderr = logs.resolve("writer.stderr");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AcknowledgingWriter.class.getName(),
                dataDir.toString(),
                "1000000",
                Integer.toString(WRITER_THREADS))
            .redirectError(stderr.toFile())
            .start();
    Map<String, Long> acknowledged = new LinkedHashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), UTF_8))) {
      String line;
      while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        record(line, acknowledged);
      }
      assertThat(acknowledged)
          .as("acknowledged writes before the kill; writer stderr: %s", read(stderr))
          .hasSize(ACKS_BEFORE_KILL);

      // SIGKILL through the handle: Process.destroyForcibly would also close the pipe still holding acks.
      writer.toHandle().destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the writer died").isTrue();
      // Lines already in the pipe were printed after their commit returned: they count as acknowledged too.
      while ((line = out.readLine()) != null) {
        record(line, acknowledged);
      }
    } finally {
      writer.destroyForcibly();
    }

    try (SqliteStorage reopened = SqliteStorage.open(dataDir)) {
      for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
        KeyValue stored = reopened.get(ack.getKey()).orElse(null);
        assertThat(stored).as("acknowledged write of %s", ack.getKey()).isNotNull();
        assertThat(stored.modRevision()).as("revision of %s", ack.getKey()).isEqualTo(ack.getValue());
      }
      assertThat(reopened.currentRevision())
          .isGreaterThanOrEqualTo(acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  /** Keeps complete "ack KEY REVISION" lines; a line the kill cut short acknowledges nothing. */
  private static void record(String line, Map<String, Long> acknowledged) {
    String[] parts = line.split(" ");
    if (parts.length == 3 && parts[0].equals("ack") && parts[1].startsWith(AcknowledgingWriter.KEY_PREFIX)) {
      try {
        acknowledged.put(parts[1], Long.parseLong(parts[2]));
      } catch (NumberFormatException cutShort) {
        // Only the revision's last digits can be missing here; such an ack is incomplete, not a failure.
      }
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "<none>";
  }
}
