package dev.aggregation.apiserver.storage.embedded;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One write to the log: checks its precondition against the state the connection's transaction sees and decides
 * the row it appends, given the revision it will have. Throws the SPI's precondition failures (key exists, not
 * found, revision conflict) without changing anything.
 */
@FunctionalInterface
interface RowWrite {
  LogRow rowFor(Connection connection, long revision) throws SQLException;
}
