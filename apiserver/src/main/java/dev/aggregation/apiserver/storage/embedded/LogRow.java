package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.WatchEvent;

/**
 * One row of the revision log: one write. Each row is self-contained (it carries the value it replaced), so
 * the event it stands for can be rebuilt after compaction removed the row it superseded.
 *
 * @param id the revision of the write
 * @param created whether this write created a new incarnation of the key
 * @param deleted whether this write deleted the key (a tombstone; {@code value} is null)
 * @param createRevision the revision that created the incarnation this row belongs to
 * @param prevRevision the modRevision of the state this row replaced (0 when there was none)
 * @param oldValue the value this row replaced (null on creation)
 */
record LogRow(
    long id,
    String name,
    boolean created,
    boolean deleted,
    long createRevision,
    long prevRevision,
    byte[] value,
    byte[] oldValue) {

  static LogRow creation(long id, String name, long prevRevision, byte[] value) {
    return new LogRow(id, name, true, false, id, prevRevision, value, null);
  }

  static LogRow update(long id, LogRow previous, byte[] value) {
    return new LogRow(
        id, previous.name, false, false, previous.createRevision, previous.id, value, previous.value);
  }

  static LogRow deletion(long id, LogRow previous) {
    return new LogRow(
        id, previous.name, false, true, previous.createRevision, previous.id, null, previous.value);
  }

  /** The key as this write left it (value null for a deletion). */
  KeyValue kv() {
    return new KeyValue(name, value, createRevision, id);
  }

  /** The state this write replaced, null when it created the key. */
  KeyValue prevKv() {
    return created ? null : new KeyValue(name, oldValue, createRevision, prevRevision);
  }

  WatchEvent event() {
    return new WatchEvent(deleted ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT, kv(), prevKv());
  }
}
