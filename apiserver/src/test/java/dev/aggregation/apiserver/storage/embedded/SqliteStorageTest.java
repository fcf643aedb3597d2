package dev.aggregation.apiserver.storage.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageContract;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the embedded SQLite store, plus what only a store on a local file can promise. */
class SqliteStorageTest extends StorageContract {

  @TempDir Path dataDir;

  @Override
  protected Storage newStorage() {
    return SqliteStorage.open(dataDir);
  }

  @Override
  protected Storage reopen(Storage storage) {
    storage.close();
    return SqliteStorage.open(dataDir);
  }

  @Test
  void createsTheDatabaseFileInWalModeInTheDataDirectory() throws SQLException {
    storage.create(key("a"), "1".getBytes(UTF_8));

    assertThat(dataDir.resolve(SqliteStorage.DATABASE_FILE)).isRegularFile();
    assertThat(sql("PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void aDataDirectoryServesOneStoreAtATime() {
    assertThatThrownBy(() -> SqliteStorage.open(dataDir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dataDir.toString());
  }

  @Test
  void theRevisionCounterSurvivesTheLossOfItsNewestRows() throws SQLException {
    storage.create(key("a"), "1".getBytes(UTF_8));
    storage.create(key("b"), "1".getBytes(UTF_8));
    long current = storage.currentRevision();
    storage.close();
    // What compaction could at worst do: leave no row at or near the newest revision. sqlite_sequence, which
    // AUTOINCREMENT keeps apart from the rows, must still know the highest revision handed out.
    sqlUpdate("DELETE FROM kv_log");

    storage = SqliteStorage.open(dataDir);

    assertThat(storage.currentRevision()).isEqualTo(current);
    assertThat(storage.create(key("c"), "1".getBytes(UTF_8)).modRevision()).isEqualTo(current + 1);
  }

  @Test
  void compactionRemovesSupersededRowsAndTombstones() throws SQLException {
    KeyValue a = storage.create(key("a"), "1".getBytes(UTF_8));
    storage.update(key("a"), "2".getBytes(UTF_8), a.modRevision());
    storage.create(key("b"), "1".getBytes(UTF_8));
    storage.delete(key("b"), 0);
    storage.create(key("c"), "1".getBytes(UTF_8));

    storage.compact(storage.currentRevision());
    storage.close();

    // Left: a's newest row and c's; b's tombstone and the rows it and a's update superseded are gone.
    assertThat(sql("SELECT group_concat(name || ':' || id, ',') FROM (SELECT name, id FROM kv_log ORDER BY id)"))
        .isEqualTo(key("a") + ":2," + key("c") + ":5");
  }

  @Test
  void aWatcherThatFallsTooFarBehindIsClosedWithoutBlockingWriters() throws Exception {
    storage.close();
    storage = SqliteStorage.open(dataDir, new SqliteStorage.Options(1, 3));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    WatchListener stuck =
        new WatchListener() {
          @Override
          public void onEvent(WatchEvent event) {
            awaitQuietly(release);
          }

          @Override
          public void onClose(Throwable cause) {
            closed.complete(cause);
          }
        };
    storage.watch(root, 0, stuck);

    // The first event blocks the listener; three more fill its queue; the fifth overflows it. Every write
    // returns: the writers never wait for a listener.
    for (int i = 0; i < 5; i++) {
      storage.create(key("k" + i), "1".getBytes(UTF_8));
    }
    release.countDown();

    assertThat(closed.get(30, TimeUnit.SECONDS))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("watcher is too slow");
    assertThat(storage.currentRevision()).isEqualTo(5);
  }

  @Test
  void aListenerThatThrowsHasItsWatchClosedWithTheFailure() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    IllegalStateException failure = new IllegalStateException("listener bug");
    Watch watch =
        storage.watch(
            root,
            0,
            new WatchListener() {
              @Override
              public void onEvent(WatchEvent event) {
                throw failure;
              }

              @Override
              public void onClose(Throwable cause) {
                closed.complete(cause);
              }
            });

    storage.create(key("a"), "1".getBytes(UTF_8));

    assertThat(closed.get(30, TimeUnit.SECONDS)).isInstanceOf(StorageException.class).hasCause(failure);
    watch.close();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String sql(String query) throws SQLException {
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getString(1);
    }
  }

  private void sqlUpdate(String update) throws SQLException {
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(update);
    }
  }

  private Connection rawConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStorage.DATABASE_FILE));
  }
}
