package dev.aggregation.apiserver.storage.embedded;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done inside one transaction on one connection. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
