package dev.aggregation.apiserver.storage.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.KeyExistsException;
import dev.aggregation.apiserver.storage.KeyNotFoundException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.RevisionConflictException;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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

  @Test
  void writesThatWaitTogetherCommitInOneTransactionAndFailOnlyByThemselves() throws Exception {
    SqliteStorage sqlite = (SqliteStorage) storage;
    KeyValue existing = storage.create(key("existing"), "1".getBytes(UTF_8));
    long base = storage.currentRevision();
    long batchesBefore = sqlite.batchesTaken();
    ExecutorService callers = Executors.newCachedThreadPool();
    try {
      Future<KeyValue> first;
      Future<KeyValue> a;
      Future<KeyValue> duplicate;
      Future<KeyValue> stale;
      Future<Deleted> missing;
      Future<KeyValue> b;
      try (Connection blocker = rawConnection();
          Statement statement = blocker.createStatement()) {
        // Another connection holds SQLite's write lock, so the committer's next transaction waits for it (up to
        // the store's busy timeout) while the writes below queue behind it.
        statement.execute("BEGIN IMMEDIATE");
        first = callers.submit(() -> storage.create(key("first"), "1".getBytes(UTF_8)));
        awaitCondition("the committer took the first write", () -> sqlite.batchesTaken() == batchesBefore + 1);
        a = callers.submit(() -> storage.create(key("a"), "1".getBytes(UTF_8)));
        duplicate = callers.submit(() -> storage.create(key("existing"), "2".getBytes(UTF_8)));
        stale = callers.submit(() -> storage.update(key("existing"), "2".getBytes(UTF_8), existing.modRevision() + 7));
        missing = callers.submit(() -> storage.delete(key("missing"), 0));
        b = callers.submit(() -> storage.create(key("b"), "1".getBytes(UTF_8)));
        awaitCondition("five writes wait for the committer", () -> sqlite.waitingWrites() == 5);
        statement.execute("ROLLBACK");
      }

      assertThat(first.get(30, TimeUnit.SECONDS).modRevision()).isEqualTo(base + 1);
      assertThat(List.of(a.get(30, TimeUnit.SECONDS).modRevision(), b.get(30, TimeUnit.SECONDS).modRevision()))
          .containsExactlyInAnyOrder(base + 2, base + 3);
      assertThat(failureOf(duplicate)).isInstanceOf(KeyExistsException.class);
      assertThat(failureOf(stale)).isInstanceOf(RevisionConflictException.class);
      assertThat(failureOf(missing)).isInstanceOf(KeyNotFoundException.class);
      assertThat(sqlite.batchesTaken()).as("one batch for the first write, one for the five after it")
          .isEqualTo(batchesBefore + 2);
      assertThat(storage.currentRevision()).isEqualTo(base + 3);
      assertThat(storage.get(key("existing")).orElseThrow().modRevision()).isEqualTo(existing.modRevision());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void writesWaitingWhenTheStoreClosesFailAsClosed() throws Exception {
    SqliteStorage sqlite = (SqliteStorage) storage;
    long batchesBefore = sqlite.batchesTaken();
    ExecutorService callers = Executors.newCachedThreadPool();
    try {
      Future<KeyValue> taken;
      Future<KeyValue> waiting;
      Future<?> closing;
      try (Connection blocker = rawConnection();
          Statement statement = blocker.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        taken = callers.submit(() -> storage.create(key("taken"), "1".getBytes(UTF_8)));
        awaitCondition("the committer took the first write", () -> sqlite.batchesTaken() == batchesBefore + 1);
        waiting = callers.submit(() -> storage.create(key("waiting"), "1".getBytes(UTF_8)));
        awaitCondition("a second write waits", () -> sqlite.waitingWrites() == 1);
        closing = callers.submit(storage::close);
        awaitCondition("the close failed the waiting write", waiting::isDone);
        statement.execute("ROLLBACK");
      }
      closing.get(30, TimeUnit.SECONDS);

      // The batch in hand when close began still commits; the write still waiting fails; no write hangs.
      assertThat(taken.get(30, TimeUnit.SECONDS).modRevision()).isEqualTo(1);
      assertThat(failureOf(waiting)).isInstanceOf(StorageException.class).hasMessageContaining("closed");
      assertThatThrownBy(() -> storage.create(key("late"), "1".getBytes(UTF_8)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("closed");
    } finally {
      callers.shutdownNow();
    }
    storage = SqliteStorage.open(dataDir);
    assertThat(storage.get(key("taken"))).isPresent();
    assertThat(storage.get(key("waiting"))).isEmpty();
  }

  private static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the write succeeded");
  }

  /** Waits for a state the test cannot be told of; bounded only so that a broken store fails instead of hanging. */
  private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting until " + what);
      }
      Thread.sleep(1);
    }
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
