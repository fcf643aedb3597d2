package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileWriterTest {
  @TempDir Path dir;

  /** A clock that moves one second per reading, so that every rotation names its backup differently. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2024-05-06T07:08:09.123Z");

    @Override
    public Instant instant() {
      Instant current = now;
      now = now.plusSeconds(1);
      return current;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static byte[] line(int n) {
    return String.format("event-%04d\n", n).getBytes(StandardCharsets.UTF_8);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void rotatesBeforeAWriteThatWouldPassTheMaximumSize() throws IOException {
    Path log = dir.resolve("audit.log");
    try (RotatingFileWriter writer = new RotatingFileWriter(log, 25, 0, 0, new SteppingClock())) {
      writer.write(line(1));
      writer.write(line(2));
      writer.write(line(3));
    }
    assertThat(files()).containsExactly("audit-2024-05-06T07-08-09.123.log", "audit.log");
    assertThat(Files.readString(dir.resolve("audit-2024-05-06T07-08-09.123.log"))).isEqualTo("event-0001\nevent-0002\n");
    assertThat(Files.readString(log)).isEqualTo("event-0003\n");
  }

  @Test
  void keepsOnlyMaxBackupsOfTheNewestBackups() throws IOException {
    Path log = dir.resolve("audit.log");
    try (RotatingFileWriter writer = new RotatingFileWriter(log, 11, 2, 0, new SteppingClock())) {
      for (int i = 1; i <= 5; i++) {
        writer.write(line(i));
      }
    }
    assertThat(files()).containsExactly("audit-2024-05-06T07-08-11.123.log", "audit-2024-05-06T07-08-12.123.log", "audit.log");
    assertThat(Files.readString(dir.resolve("audit-2024-05-06T07-08-12.123.log"))).isEqualTo("event-0004\n");
    assertThat(Files.readString(log)).isEqualTo("event-0005\n");
  }

  @Test
  void removesBackupsOlderThanMaxAge() throws IOException {
    Files.writeString(dir.resolve("audit-2024-01-01T00-00-00.000.log"), "old\n");
    Files.writeString(dir.resolve("audit-notes.log"), "not a backup\n");
    Path log = dir.resolve("audit.log");
    try (RotatingFileWriter writer = new RotatingFileWriter(log, 11, 0, 30, new SteppingClock())) {
      writer.write(line(1));
      writer.write(line(2));
    }
    assertThat(files()).containsExactly("audit-2024-05-06T07-08-09.123.log", "audit-notes.log", "audit.log");
  }

  @Test
  void appendsToAnExistingFile() throws IOException {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, "earlier\n");
    try (RotatingFileWriter writer = new RotatingFileWriter(log, 1024, 0, 0, Clock.systemUTC())) {
      writer.write(line(1));
    }
    assertThat(Files.readString(log)).isEqualTo("earlier\nevent-0001\n");
  }

  @Test
  void aWrittenLineIsInTheFileOnceFlushedWhileTheWriterStaysOpen() throws IOException {
    Path log = dir.resolve("audit.log");
    try (RotatingFileWriter writer = new RotatingFileWriter(log, 1024, 0, 0, Clock.systemUTC())) {
      writer.write(line(1));
      writer.write(line(2));
      writer.flush();
      assertThat(Files.readString(log)).isEqualTo("event-0001\nevent-0002\n");
    }
  }

  @Test
  void refusesALineLargerThanTheMaximumSize() throws IOException {
    try (RotatingFileWriter writer = new RotatingFileWriter(dir.resolve("audit.log"), 5, 0, 0, Clock.systemUTC())) {
      assertThatThrownBy(() -> writer.write(line(1))).hasMessage("write length 11 exceeds maximum file size 5");
    }
  }

  @Test
  void theLogBackendWritesEveryQueuedEventBeforeClosing() throws IOException {
    Path log = dir.resolve("audit.log");
    LogBackend backend = new LogBackend(LogBackend.file(new RotatingFileWriter(log, 1 << 20, 0, 0, Clock.systemUTC())), LogFormat.JSON, 4);
    for (int i = 0; i < 100; i++) {
      backend.process(("{\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    backend.close();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(100);
    assertThat(lines.get(99)).isEqualTo("{\"n\":99}");
  }
}
