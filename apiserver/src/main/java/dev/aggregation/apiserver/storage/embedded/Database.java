package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file behind the embedded store: one writer connection and a few reader connections. WAL lets the
 * readers read a consistent snapshot while the writer commits; {@code synchronous=FULL} makes SQLite fsync the
 * WAL on every commit, so a write is durable (power loss included) once its commit returns.
 *
 * <p>Transactions are begun and ended with plain SQL on autocommit connections, so that their extent is exactly
 * the {@link SqlWork} given (sqlite-jdbc's own non-autocommit mode would keep a transaction open between calls).
 */
final class Database implements AutoCloseable {

  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path file;
  private final Connection writer;
  private final BlockingQueue<Connection> idleReaders;
  private final List<Connection> allReaders;
  /** Reads hold it shared; close takes it exclusively, so no connection closes under a running read. */
  private final ReadWriteLock usage = new ReentrantReadWriteLock();
  private boolean closed;

  private Database(Path file, Connection writer, List<Connection> readers) {
    this.file = file;
    this.writer = writer;
    this.allReaders = List.copyOf(readers);
    this.idleReaders = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  static Database open(Path file, int readers) {
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = connect(file);
      opened.add(writer);
      requireDurable(writer, file);
      LogTable.createSchema(writer);
      List<Connection> readerConnections = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        Connection reader = connect(file);
        opened.add(reader);
        try (Statement statement = reader.createStatement()) {
          statement.execute("PRAGMA query_only = 1");
        }
        readerConnections.add(reader);
      }
      return new Database(file, writer, readerConnections);
    } catch (SQLException e) {
      StorageException failure = new StorageException("cannot open the embedded store at " + file, e);
      closeAll(opened, failure);
      throw failure;
    }
  }

  /** Runs {@code work} in one write transaction; the caller serializes writers. */
  <T> T write(SqlWork<T> work) {
    return inTransaction(writer, "BEGIN IMMEDIATE", work);
  }

  /** Runs {@code work} in one read transaction: every statement in it sees the same snapshot. */
  <T> T read(SqlWork<T> work) {
    usage.readLock().lock();
    try {
      if (closed) {
        throw new StorageException("the embedded store at " + file + " is closed");
      }
      return readOnBorrowedConnection(work);
    } finally {
      usage.readLock().unlock();
    }
  }

  private <T> T readOnBorrowedConnection(SqlWork<T> work) {
    Connection reader;
    try {
      reader = idleReaders.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for a reader connection to " + file, e);
    }
    try {
      return inTransaction(reader, "BEGIN DEFERRED", work);
    } finally {
      idleReaders.add(reader);
    }
  }

  @Override
  public void close() {
    usage.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      usage.writeLock().unlock();
    }
    List<Connection> connections = new ArrayList<>(allReaders);
    connections.add(writer);
    StorageException failure = new StorageException("cannot close the embedded store at " + file);
    closeAll(connections, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private <T> T inTransaction(Connection connection, String begin, SqlWork<T> work) {
    try {
      execute(connection, begin);
    } catch (SQLException e) {
      throw new StorageException("cannot begin a transaction on " + file, e);
    }
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException e) {
      StorageException failure = new StorageException("embedded store failure on " + file, e);
      rollback(connection, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      rollback(connection, e);
      throw e;
    }
    try {
      execute(connection, "COMMIT");
    } catch (SQLException e) {
      StorageException failure = new StorageException("cannot commit to " + file, e);
      rollback(connection, failure);
      throw failure;
    }
    return result;
  }

  /**
   * Rolls back; a failure (SQLite may already have rolled back by itself, e.g. after SQLITE_FULL) is attached to
   * the failure that caused the rollback.
   */
  private static void rollback(Connection connection, Throwable cause) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** Fails loudly rather than run with weaker durability than the store promises. */
  private static void requireDurable(Connection connection, Path file) throws SQLException {
    String journalMode = pragma(connection, "journal_mode");
    String synchronous = pragma(connection, "synchronous");
    if (!"wal".equalsIgnoreCase(journalMode) || !"2".equals(synchronous)) {
      throw new SQLException(
          "SQLite at " + file + " runs with journal_mode=" + journalMode + ", synchronous=" + synchronous
              + "; the store needs journal_mode=wal and synchronous=2 (FULL)");
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("PRAGMA " + name);
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getString(1) : null;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void closeAll(List<Connection> connections, Throwable failure) {
    for (Connection connection : connections) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
