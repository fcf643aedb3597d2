package dev.aggregation.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {

  @TempDir Path dataDir;
  private Storage storage;

  @BeforeEach
  void open() {
    storage = SqliteStorage.open(dataDir);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void eachTickCompactsToTheRevisionSeenAtThePreviousTick() {
    Compactor compactor = Compactor.manual(storage);
    write("a");
    write("b");
    long firstSeen = storage.currentRevision();

    assertThat(compactor.tick()).as("the first tick only records a revision").isZero();
    write("c");
    long secondSeen = storage.currentRevision();
    assertThat(compactor.tick()).isEqualTo(firstSeen);
    assertThat(storage.compactedRevision()).isEqualTo(firstSeen);
    write("d");

    assertThat(compactor.tick()).isEqualTo(secondSeen);
    assertThat(storage.compactedRevision()).isEqualTo(secondSeen);
  }

  @Test
  void aTickWithNoWritesSinceTheLastCompactionCompactsNothing() {
    Compactor compactor = Compactor.manual(storage);
    write("a");
    compactor.tick();
    compactor.tick();

    assertThat(compactor.tick()).isZero();
    assertThat(storage.compactedRevision()).isEqualTo(1);
  }

  @Test
  void compactsOnTheGivenScheduleAndStopsWhenClosed() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      write("a");
      write("b");
      long written = storage.currentRevision();
      Compactor compactor = Compactor.start(storage, Duration.ofMillis(10), executor);

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> storage.compactedRevision() == written);
      compactor.close();

      assertThat(executor.isShutdown()).as("a caller's executor stays the caller's").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void rejectsAnIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> Compactor.start(storage, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Compactor.start(storage, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void write(String name) {
    storage.create("/registry/compactor/" + name, name.getBytes(UTF_8));
  }
}
