package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastWriteRevisionTest {
  @TempDir Path dataDir;

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void remembersTheRevisionOfEachKindOfWrite() {
    try (SqliteStorage store = SqliteStorage.open(dataDir)) {
      LastWriteRevision view = new LastWriteRevision(store);
      assertThat(view.newest()).isZero();

      KeyValue created = view.create("/r/a", bytes("1"));
      assertThat(view.newest()).isEqualTo(created.modRevision());
      KeyValue updated = view.update("/r/a", bytes("2"), created.modRevision());
      assertThat(view.newest()).isEqualTo(updated.modRevision());
      long deletedAt = view.delete("/r/a", updated.modRevision()).revision();
      assertThat(view.newest()).isEqualTo(deletedAt);
    }
  }

  @Test
  void ignoresWritesMadeAroundIt() {
    try (SqliteStorage store = SqliteStorage.open(dataDir)) {
      LastWriteRevision view = new LastWriteRevision(store);
      view.create("/r/mine", bytes("1"));
      long mine = view.newest();

      store.create("/r/other", bytes("1"));

      assertThat(view.newest()).isEqualTo(mine);
    }
  }

  @Test
  void leavesTheStoreOpenWhenClosed() {
    try (SqliteStorage store = SqliteStorage.open(dataDir)) {
      new LastWriteRevision(store).close();

      assertThat(store.create("/r/after", bytes("1")).key()).isEqualTo("/r/after");
    }
  }
}
