package dev.aggregation.apiserver.storage.embedded;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The keys that start with {@code prefix}, optionally from a lower bound on, as a half-open range that SQLite can
 * answer from the (name, id) index. SQLite compares TEXT with memcmp over UTF-8, which is code point order, so
 * the end of the range is the prefix with its last code point incremented, as etcd's {@code GetPrefixRangeEnd}
 * does with bytes.
 *
 * @param prefix every key in the range starts with it ("" for all keys)
 * @param end exclusive upper bound, null when the range is unbounded above
 * @param from an extra lower bound, null for none
 * @param fromInclusive whether {@code from} itself is in the range
 */
record KeyRange(String prefix, String end, String from, boolean fromInclusive) {

  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  static KeyRange ofPrefix(String prefix) {
    return new KeyRange(prefix, endOf(prefix), null, false);
  }

  /** The same range limited to keys {@code >= key} (a page's start key; null or empty means no limit). */
  KeyRange startingAt(String key) {
    return key == null || key.isEmpty() ? this : new KeyRange(prefix, end, key, true);
  }

  /** The same range limited to keys {@code > key} (what follows a page). */
  KeyRange after(String key) {
    return new KeyRange(prefix, end, key, false);
  }

  boolean contains(String key) {
    return key.startsWith(prefix);
  }

  /** A SQL condition on the column {@code column}, whose parameters {@link #bind} sets in the same order. */
  String condition(String column) {
    StringBuilder sql = new StringBuilder(column).append(" >= ?");
    if (end != null) {
      sql.append(" AND ").append(column).append(" < ?");
    }
    if (from != null) {
      sql.append(" AND ").append(column).append(fromInclusive ? " >= ?" : " > ?");
    }
    return sql.toString();
  }

  /** Binds the parameters of {@link #condition} starting at {@code index}; returns the next free index. */
  int bind(PreparedStatement statement, int index) throws SQLException {
    int next = index;
    statement.setString(next++, prefix);
    if (end != null) {
      statement.setString(next++, end);
    }
    if (from != null) {
      statement.setString(next++, from);
    }
    return next;
  }

  private static String endOf(String prefix) {
    int length = prefix.length();
    while (length > 0) {
      int last = prefix.codePointBefore(length);
      int lastStart = length - Character.charCount(last);
      if (last < MAX_CODE_POINT) {
        int next = last + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        return new StringBuilder(prefix.substring(0, lastStart)).appendCodePoint(next).toString();
      }
      length = lastStart;
    }
    return null;
  }
}
