package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.FutureRevisionException;
import dev.aggregation.apiserver.storage.KeyExistsException;
import dev.aggregation.apiserver.storage.KeyNotFoundException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RevisionConflictException;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchHub;
import dev.aggregation.apiserver.storage.WatchSubscription;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded single-node store: a revision log in one SQLite file ({@code <dataDir>/state.db}), after kine.
 * Every write appends one row whose id is the new global revision; reads at a revision pick each key's newest
 * row at or below it.
 *
 * <p>Writes are group-committed: a {@link GroupCommitter} hands every write waiting at once to {@link
 * #commitBatch}, which applies them one after another inside one transaction (each checks its own precondition
 * against the state the writes before it left, and gets the next revision only if it succeeds), commits once,
 * so one fsync covers the whole batch, and only then publishes the events in revision order and answers the
 * callers. A caller is thus acknowledged only once its write is durable, and many callers share each fsync.
 */
public final class SqliteStorage implements Storage {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteStorage.class);

  /** The database file inside the data directory. */
  public static final String DATABASE_FILE = "state.db";

  /** Log ids one compaction transaction covers, so that a large compaction never holds writers for long. */
  private static final long COMPACTION_BATCH = 1_000;

  /** The most writes one transaction commits: far above what the request threads can have waiting at once. */
  private static final int MAX_WRITES_PER_COMMIT = 1_000;

  private final Path dataDir;
  private final DataDirLock dirLock;
  private final Database database;
  private final WatchHub watches;
  private final GroupCommitter<RowWrite, LogRow> committer;
  /**
   * Held by the committer while it commits and publishes a batch, and by whatever must not interleave with that:
   * compaction's transactions, a progress notification (which must follow the events it covers), close.
   */
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock compactionLock = new ReentrantLock();

  // Written under writeLock only; volatile for the lock-free readers of currentRevision/compactedRevision.
  private volatile long currentRevision;
  private volatile long compactedRevision;
  private volatile boolean closed;

  /**
   * Tunables of the embedded store.
   *
   * @param readConnections connections that serve reads concurrently with the writer
   * @param watchQueueCapacity live events a watch may have waiting before it is closed as too slow
   */
  public record Options(int readConnections, int watchQueueCapacity) {
    public static final Options DEFAULTS = new Options(4, 10_000);

    public Options {
      if (readConnections < 1) {
        throw new IllegalArgumentException("readConnections must be positive, got " + readConnections);
      }
      if (watchQueueCapacity < 1) {
        throw new IllegalArgumentException("watchQueueCapacity must be positive, got " + watchQueueCapacity);
      }
    }
  }

  private SqliteStorage(Path dataDir, DataDirLock dirLock, Database database, WatchHub watches) {
    this.dataDir = dataDir;
    this.dirLock = dirLock;
    this.database = database;
    this.watches = watches;
    this.currentRevision = database.write(LogTable::currentRevision);
    this.compactedRevision = database.write(LogTable::compactedRevision);
    this.committer = new GroupCommitter<>("sqlite-storage", MAX_WRITES_PER_COMMIT, this::commitBatch, this::closedFailure);
  }

  /** Opens (creating when needed) the store in {@code dataDir}. */
  public static SqliteStorage open(Path dataDir) {
    return open(dataDir, Options.DEFAULTS);
  }

  public static SqliteStorage open(Path dataDir, Options options) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StorageException("cannot create the data directory " + dataDir, e);
    }
    DataDirLock dirLock = DataDirLock.acquire(dataDir);
    Database database;
    try {
      database = Database.open(dataDir.resolve(DATABASE_FILE), options.readConnections());
    } catch (RuntimeException e) {
      closeAttaching(dirLock, e);
      throw e;
    }
    try {
      SqliteStorage storage =
          new SqliteStorage(
              dataDir, dirLock, database, new WatchHub("sqlite-storage", options.watchQueueCapacity()));
      LOG.info(
          "opened the embedded store at {} (revision {}, compacted revision {})",
          dataDir,
          storage.currentRevision,
          storage.compactedRevision);
      return storage;
    } catch (RuntimeException e) {
      closeAttaching(database, e);
      closeAttaching(dirLock, e);
      throw e;
    }
  }

  @Override
  public long currentRevision() {
    return currentRevision;
  }

  /** Yes: the writer keeps it in memory. */
  @Override
  public boolean knowsCurrentRevisionLocally() {
    return true;
  }

  @Override
  public long compactedRevision() {
    return compactedRevision;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    return database.read(connection -> LogTable.latest(connection, key))
        .filter(row -> !row.deleted())
        .map(LogRow::kv);
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    requireRevisionArgument(revision);
    ensureOpen();
    KeyRange range = KeyRange.ofPrefix(prefix);
    return database.read(
        connection -> {
          long at =
              readableRevision(
                  LogTable.currentRevision(connection), LogTable.compactedRevision(connection), revision);
          List<LogRow> rows =
              LogTable.stateAt(connection, range.startingAt(startKey), at, limit == 0 ? -1 : limit + 1);
          boolean more = limit > 0 && rows.size() > limit;
          List<LogRow> page = more ? rows.subList(0, limit) : rows;
          long remaining =
              more ? LogTable.countAt(connection, range.after(page.get(page.size() - 1).name()), at) : 0;
          return new ListPage(page.stream().map(LogRow::kv).toList(), at, more, remaining);
        });
  }

  @Override
  public long count(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    ensureOpen();
    KeyRange range = KeyRange.ofPrefix(prefix);
    return database.read(
        connection -> LogTable.countAt(connection, range, LogTable.currentRevision(connection)));
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return write(
        (connection, revision) -> {
          Optional<LogRow> latest = LogTable.latest(connection, key);
          if (latest.isPresent() && !latest.get().deleted()) {
            throw new KeyExistsException(key);
          }
          return LogRow.creation(revision, key, latest.map(LogRow::id).orElse(0L), value);
        })
        .kv();
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return write(
        (connection, revision) ->
            LogRow.update(revision, currentRow(connection, key, expectedModRevision, false), value))
        .kv();
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    LogRow deletion =
        write(
            (connection, revision) ->
                LogRow.deletion(revision, currentRow(connection, key, expectedModRevision, true)));
    return new Deleted(deletion.prevKv(), deletion.id());
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    requireRevisionArgument(afterRevision);
    ensureOpen();
    KeyRange range = KeyRange.ofPrefix(prefix);
    // Registered before the history is read: every write committed after this line reaches the watch live.
    WatchSubscription subscription =
        watches.register(prefix, listener, () -> {}, this::offerCurrentRevision);
    try {
      database.read(
          connection -> {
            long current = LogTable.currentRevision(connection);
            long compacted = LogTable.compactedRevision(connection);
            if (afterRevision + 1 < compacted) {
              throw new CompactedException(afterRevision, compacted);
            }
            List<WatchEvent> history =
                LogTable.history(connection, range, afterRevision, current).stream()
                    .map(LogRow::event)
                    .toList();
            subscription.start(history, Math.max(current, afterRevision));
            return null;
          });
    } catch (RuntimeException e) {
      subscription.abandon();
      throw e;
    }
    return subscription;
  }

  /**
   * Progress for a watch: under the writer's lock, every write up to the current revision has been published to
   * the watch already, so the progress notification follows its events.
   */
  private void offerCurrentRevision(WatchSubscription subscription) {
    writeLock.lock();
    try {
      subscription.offerProgress(currentRevision);
    } finally {
      writeLock.unlock();
    }
  }

  /** Yes: {@link #offerCurrentRevision} answers under the writer's lock, after every published event. */
  @Override
  public boolean answersProgressRequests() {
    return true;
  }

  @Override
  public void compact(long revision) {
    requireRevisionArgument(revision);
    compactionLock.lock();
    try {
      long oldest;
      writeLock.lock();
      try {
        ensureOpen();
        if (revision <= compactedRevision) {
          return;
        }
        if (revision > currentRevision) {
          throw new FutureRevisionException(revision, currentRevision);
        }
        // Recorded first: from this commit on no reader or watch reads below the revision, so the rows can go
        // in batches, between which writers run. A crash in between leaves rows the next compaction removes.
        oldest =
            database.write(
                connection -> {
                  LogTable.setCompactedRevision(connection, revision);
                  return LogTable.oldestRevision(connection);
                });
        compactedRevision = revision;
      } finally {
        writeLock.unlock();
      }
      long removed = 0;
      for (long from = oldest; from < revision; from += COMPACTION_BATCH) {
        long to = Math.min(from + COMPACTION_BATCH, revision);
        long batchFrom = from;
        writeLock.lock();
        try {
          ensureOpen();
          removed +=
              database.write(connection -> LogTable.compactBatch(connection, batchFrom, to, revision));
        } finally {
          writeLock.unlock();
        }
      }
      LOG.debug("compacted the embedded store to revision {}: {} rows removed", revision, removed);
    } finally {
      compactionLock.unlock();
    }
  }

  /**
   * Fails the writes that wait, lets the one batch being committed finish, then closes every watch with a {@link
   * StorageException}, then the database. Idempotent.
   */
  @Override
  public void close() {
    // First: the writes still waiting fail now, the batch in hand commits (it was accepted before the close).
    committer.close();
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      writeLock.unlock();
    }
    StorageException shutdown = new StorageException("storage is closed: the embedded store at " + dataDir);
    watches.close(shutdown);
    StorageException failure = new StorageException("cannot close the embedded store at " + dataDir);
    closeAttaching(database, failure);
    closeAttaching(dirLock, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
    LOG.info("closed the embedded store at {} at revision {}", dataDir, currentRevision);
  }

  /** Queues the write and waits until the transaction holding it is committed (durable) or failed. */
  private LogRow write(RowWrite write) {
    ensureOpen();
    return committer.submit(write);
  }

  /** How many batches (each one transaction) the committer has taken since the store was opened. */
  long batchesTaken() {
    return committer.batchesTaken();
  }

  /** How many writes wait for the committer to take them into a batch. */
  int waitingWrites() {
    return committer.waiting();
  }

  /**
   * Commits one batch on the committer thread: every write in one transaction ({@link WriteBatch}: each write
   * fails alone and costs no revision then). A failure of the transaction itself fails the whole batch (nothing
   * of it is durable), the writes whose precondition failed included: their check saw state that the failed
   * transaction never made durable.
   */
  private void commitBatch(List<GroupCommitter.Pending<RowWrite, LogRow>> batch) {
    writeLock.lock();
    try {
      if (closed) {
        batch.forEach(pending -> pending.fail(closedFailure()));
        return;
      }
      List<RowWrite> writes = batch.stream().map(GroupCommitter.Pending::write).toList();
      List<WriteBatch.Outcome> outcomes =
          database.write(
              connection -> WriteBatch.applyEach(connection, currentRevision, writes, dataDir.toString()));
      // Durable from here on: publish in revision order, then answer; a watch never lags its writer's answer.
      for (WriteBatch.Outcome outcome : outcomes) {
        if (outcome.written()) {
          currentRevision = outcome.row().id();
          watches.publish(outcome.row().event());
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        WriteBatch.Outcome outcome = outcomes.get(i);
        if (outcome.written()) {
          batch.get(i).succeed(outcome.row());
        } else {
          batch.get(i).fail(outcome.failure());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  private StorageException closedFailure() {
    return new StorageException("storage is closed: the embedded store at " + dataDir);
  }

  /**
   * The live row of {@code key}, checked against the modRevision the caller expects; 0 expects any revision
   * where {@code zeroMeansAny} (delete), and matches nothing otherwise (update).
   */
  private static LogRow currentRow(
      Connection connection, String key, long expectedModRevision, boolean zeroMeansAny) throws SQLException {
    LogRow current =
        LogTable.latest(connection, key)
            .filter(row -> !row.deleted())
            .orElseThrow(() -> new KeyNotFoundException(key));
    if (!(zeroMeansAny && expectedModRevision == 0) && current.id() != expectedModRevision) {
      throw new RevisionConflictException(key, expectedModRevision, current.kv());
    }
    return current;
  }

  private static long readableRevision(long current, long compacted, long requested) {
    if (requested == 0) {
      return current;
    }
    if (requested > current) {
      throw new FutureRevisionException(requested, current);
    }
    if (requested < compacted) {
      throw new CompactedException(requested, compacted);
    }
    return requested;
  }

  private static void requireRevisionArgument(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + revision);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedFailure();
    }
  }

  private static void closeAttaching(AutoCloseable resource, Throwable failure) {
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
