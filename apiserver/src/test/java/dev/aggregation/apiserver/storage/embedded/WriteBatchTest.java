package dev.aggregation.apiserver.storage.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.KeyExistsException;
import dev.aggregation.apiserver.storage.StorageException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writes of one group commit, applied to a real SQLite file inside one transaction. */
class WriteBatchTest {

  @TempDir Path dataDir;

  private Database database;

  @BeforeEach
  void open() {
    database = Database.open(dataDir.resolve("state.db"), 1);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void eachWriteSeesTheWritesBeforeItAndOnlySuccessfulOnesTakeARevision() {
    List<WriteBatch.Outcome> outcomes =
        apply(0, List.of(createIfAbsent("a", "1"), createIfAbsent("a", "2"), createIfAbsent("b", "1")));

    assertThat(outcomes.get(0).row().id()).isEqualTo(1);
    assertThat(outcomes.get(1).failure()).isInstanceOf(KeyExistsException.class);
    assertThat(outcomes.get(2).row().id()).isEqualTo(2);
    assertThat(rows()).containsExactly("1 a 1", "2 b 1");
  }

  @Test
  void aRowSqliteRefusesFailsOnlyItsOwnWriteAndCostsNoRevision() {
    apply(0, List.of(createIfAbsent("a", "1")));

    // A row at revision 1 again: SQLite refuses it (primary key), the transaction goes on.
    RowWrite refused = (connection, revision) -> LogRow.creation(1, "/x", 0, "x".getBytes(UTF_8));
    List<WriteBatch.Outcome> outcomes = apply(1, List.of(refused, createIfAbsent("b", "1")));

    assertThat(outcomes.get(0).failure())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the test store");
    assertThat(outcomes.get(1).row().id()).isEqualTo(2);
    assertThat(rows()).containsExactly("1 a 1", "2 b 1");
  }

  @Test
  void aWriteThatFailsAfterChangingTheLogHasItsChangesUndone() {
    RowWrite halfDone =
        (connection, revision) -> {
          LogTable.insert(connection, LogRow.creation(revision, "/half", 0, "x".getBytes(UTF_8)));
          throw new IllegalStateException("failed after its insert");
        };

    List<WriteBatch.Outcome> outcomes = apply(0, List.of(halfDone, createIfAbsent("b", "1")));

    assertThat(outcomes.get(0).failure()).hasMessage("failed after its insert");
    assertThat(outcomes.get(1).row().id()).isEqualTo(1);
    assertThat(rows()).containsExactly("1 b 1");
  }

  private List<WriteBatch.Outcome> apply(long currentRevision, List<RowWrite> writes) {
    return database.write(connection -> WriteBatch.applyEach(connection, currentRevision, writes, "the test store"));
  }

  private static RowWrite createIfAbsent(String name, String value) {
    return (connection, revision) -> {
      if (LogTable.latest(connection, name).filter(row -> !row.deleted()).isPresent()) {
        throw new KeyExistsException(name);
      }
      return LogRow.creation(revision, name, 0, value.getBytes(UTF_8));
    };
  }

  /** The log as "revision name value" lines, in revision order. */
  private List<String> rows() {
    return database.read(
        connection -> {
          List<String> rows = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement("SELECT id, name, value FROM kv_log ORDER BY id");
              ResultSet result = statement.executeQuery()) {
            while (result.next()) {
              rows.add(result.getLong(1) + " " + result.getString(2) + " " + new String(result.getBytes(3), UTF_8));
            }
          }
          return rows;
        });
  }
}
