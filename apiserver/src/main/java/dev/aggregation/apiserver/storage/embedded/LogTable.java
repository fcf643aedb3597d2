package dev.aggregation.apiserver.storage.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the revision log, modelled on kine: one append-only table whose AUTOINCREMENT id is the global
 * revision. The state of a key at revision R is its row with the highest id {@code <= R}, unless that row is a
 * tombstone. Stateless: every method works on the connection (and transaction) it is given.
 */
final class LogTable {

  static final int SCHEMA_VERSION = 1;

  private static final String COLUMNS =
      "id, name, created, deleted, create_revision, prev_revision, value, old_value";

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS kv_log ("
        + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " name TEXT NOT NULL,"
        + " created INTEGER NOT NULL,"
        + " deleted INTEGER NOT NULL,"
        + " create_revision INTEGER NOT NULL,"
        + " prev_revision INTEGER NOT NULL,"
        + " value BLOB,"
        + " old_value BLOB)",
    "CREATE INDEX IF NOT EXISTS kv_log_name_id ON kv_log (name, id)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
    "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', " + SCHEMA_VERSION + ")",
    "INSERT OR IGNORE INTO meta (name, value) VALUES ('compacted_revision', 0)",
  };

  private LogTable() {}

  static void createSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    }
    long version = meta(connection, "schema_version");
    if (version != SCHEMA_VERSION) {
      throw new SQLException(
          "unsupported schema version " + version + " (this build reads version " + SCHEMA_VERSION + ")");
    }
  }

  /**
   * The newest revision ever written. sqlite_sequence keeps the highest id AUTOINCREMENT handed out even when
   * compaction deleted that row, so revisions stay monotonic across restarts.
   */
  static long currentRevision(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'kv_log'");
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getLong(1) : 0;
    }
  }

  static long compactedRevision(Connection connection) throws SQLException {
    return meta(connection, "compacted_revision");
  }

  static void setCompactedRevision(Connection connection, long revision) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("UPDATE meta SET value = ? WHERE name = 'compacted_revision'")) {
      statement.setLong(1, revision);
      statement.executeUpdate();
    }
  }

  /** The newest row of {@code key}, tombstone or not. */
  static Optional<LogRow> latest(Connection connection, String key) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM kv_log WHERE name = ? ORDER BY id DESC LIMIT 1")) {
      statement.setString(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(row(result)) : Optional.empty();
      }
    }
  }

  /** The live keys of {@code range} at {@code revision}, in key order, at most {@code limit} (-1: all). */
  static List<LogRow> stateAt(Connection connection, KeyRange range, long revision, int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + prefixed("k.", COLUMNS)
            + " FROM kv_log k JOIN (SELECT MAX(id) AS id FROM kv_log WHERE "
            + range.condition("name")
            + " AND id <= ? GROUP BY name) newest ON k.id = newest.id"
            + " WHERE k.deleted = 0 ORDER BY k.name LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = range.bind(statement, 1);
      statement.setLong(next++, revision);
      statement.setInt(next, limit);
      return rows(statement);
    }
  }

  /** How many keys of {@code range} are live at {@code revision}. */
  static long countAt(Connection connection, KeyRange range, long revision) throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM kv_log k JOIN (SELECT MAX(id) AS id FROM kv_log WHERE "
            + range.condition("name")
            + " AND id <= ? GROUP BY name) newest ON k.id = newest.id WHERE k.deleted = 0";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = range.bind(statement, 1);
      statement.setLong(next, revision);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** Every write to {@code range} with a revision in ({@code after}, {@code upTo}], in revision order. */
  static List<LogRow> history(Connection connection, KeyRange range, long after, long upTo)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM kv_log WHERE id > ? AND id <= ? AND "
            + range.condition("name")
            + " ORDER BY id";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, after);
      statement.setLong(2, upTo);
      range.bind(statement, 3);
      return rows(statement);
    }
  }

  static void insert(Connection connection, LogRow row) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO kv_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setLong(1, row.id());
      statement.setString(2, row.name());
      statement.setInt(3, row.created() ? 1 : 0);
      statement.setInt(4, row.deleted() ? 1 : 0);
      statement.setLong(5, row.createRevision());
      statement.setLong(6, row.prevRevision());
      statement.setBytes(7, row.value());
      statement.setBytes(8, row.oldValue());
      statement.executeUpdate();
    }
  }

  /** The oldest row still in the log, 0 when it is empty. */
  static long oldestRevision(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT MIN(id) FROM kv_log");
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getLong(1) : 0;
    }
  }

  /**
   * Compacts the rows with ids in [{@code from}, {@code to}), all below {@code compactTo}: first the rows a
   * newer row at or below {@code compactTo} supersedes, then the tombstones (whose older rows the first step
   * removed, in this batch or an earlier one). What is left answers every read at {@code compactTo} and later.
   *
   * @return the number of rows deleted
   */
  static int compactBatch(Connection connection, long from, long to, long compactTo) throws SQLException {
    int deleted;
    try (PreparedStatement superseded =
        connection.prepareStatement(
            "DELETE FROM kv_log WHERE id >= ? AND id < ? AND EXISTS (SELECT 1 FROM kv_log newer"
                + " WHERE newer.name = kv_log.name AND newer.id > kv_log.id AND newer.id <= ?)")) {
      superseded.setLong(1, from);
      superseded.setLong(2, to);
      superseded.setLong(3, compactTo);
      deleted = superseded.executeUpdate();
    }
    try (PreparedStatement tombstones =
        connection.prepareStatement("DELETE FROM kv_log WHERE id >= ? AND id < ? AND deleted = 1")) {
      tombstones.setLong(1, from);
      tombstones.setLong(2, to);
      deleted += tombstones.executeUpdate();
    }
    return deleted;
  }

  private static long meta(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          throw new SQLException("meta entry " + name + " is missing");
        }
        return result.getLong(1);
      }
    }
  }

  private static List<LogRow> rows(PreparedStatement statement) throws SQLException {
    List<LogRow> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        rows.add(row(result));
      }
    }
    return rows;
  }

  private static LogRow row(ResultSet result) throws SQLException {
    return new LogRow(
        result.getLong(1),
        result.getString(2),
        result.getInt(3) != 0,
        result.getInt(4) != 0,
        result.getLong(5),
        result.getLong(6),
        result.getBytes(7),
        result.getBytes(8));
  }

  private static String prefixed(String alias, String columns) {
    return alias + columns.replace(", ", ", " + alias);
  }
}
