package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the writes of one group commit, in order, inside the transaction the caller holds: each in its own
 * savepoint, so that its failure (its precondition, or SQLite refusing its row) undoes only its own changes and
 * costs no revision, while the writes after it see exactly the state the successful ones before it left.
 */
final class WriteBatch {

  private WriteBatch() {}

  /** What one write of a batch came to: its row, or its own failure; exactly one of them is set. */
  record Outcome(LogRow row, RuntimeException failure) {
    boolean written() {
      return row != null;
    }
  }

  /**
   * @param currentRevision the revision the store is at; the writes that succeed get the ones after it, gap-free
   * @param where names the store in the failures
   * @return one outcome per write, in the order of {@code writes}
   * @throws SQLException when the transaction itself is lost (SQLite rolls back the whole transaction on some
   *     errors, e.g. SQLITE_FULL); nothing of the batch is then applied
   */
  static List<Outcome> applyEach(Connection connection, long currentRevision, List<RowWrite> writes, String where)
      throws SQLException {
    List<Outcome> outcomes = new ArrayList<>(writes.size());
    long revision = currentRevision;
    try (Statement savepoints = connection.createStatement()) {
      for (RowWrite write : writes) {
        savepoints.execute("SAVEPOINT write");
        try {
          LogRow row = write.rowFor(connection, revision + 1);
          LogTable.insert(connection, row);
          savepoints.execute("RELEASE write");
          revision = row.id();
          outcomes.add(new Outcome(row, null));
        } catch (RuntimeException failedPrecondition) {
          undo(savepoints);
          outcomes.add(new Outcome(null, failedPrecondition));
        } catch (SQLException e) {
          // Had SQLite rolled back the whole transaction, the savepoint would be gone and undo would throw.
          try {
            undo(savepoints);
          } catch (SQLException transactionLost) {
            transactionLost.addSuppressed(e);
            throw transactionLost;
          }
          outcomes.add(new Outcome(null, new StorageException("embedded store failure on " + where, e)));
        }
      }
    }
    return outcomes;
  }

  private static void undo(Statement savepoints) throws SQLException {
    savepoints.execute("ROLLBACK TO write");
    savepoints.execute("RELEASE write");
  }
}
