package dev.aggregation.apiserver.storage;

import dev.aggregation.apiserver.machinery.WouldBlock;
import java.util.Optional;

/**
 * The storage SPI: a versioned key-value store with one global, monotonic revision per write, history from
 * which watches resume, and compaction. The etcd backend and the embedded store implement it; the storage
 * contract test suite says exactly what each must do.
 *
 * <p>All methods may block: call them off the Vert.x event loop. Revisions start at 1 for the first write; a
 * revision argument of 0 means "the latest".
 */
public interface Storage extends AutoCloseable {

  /** The revision of the newest write (0 for an empty, never written store). */
  long currentRevision();

  /**
   * Whether {@link #currentRevision} is answered from this process's memory, without a request to a server
   * (the embedded store): a watch cache then starts a consistent read of one key from it, where for a remote
   * store the read itself is as cheap as asking for the revision. The default says no.
   */
  default boolean knowsCurrentRevisionLocally() {
    return false;
  }

  /**
   * The revision of the last compaction (0 when none): reads at revisions below it, and watches that need events
   * below it, fail with {@link CompactedException}; reads at it and later work (etcd's semantics).
   */
  long compactedRevision();

  /** The latest state of {@code key}: a consistent read. */
  Optional<KeyValue> get(String key);

  /**
   * The state of {@code key} at some revision not older than {@code notOlderThan} (0: at any revision), as
   * Kubernetes' GET with a resourceVersion asks for it: a watch cache may answer from memory, with a state older
   * than the newest write. The caller makes sure {@code notOlderThan} is not above the current revision. The
   * default reads the latest state, which is never older.
   */
  default Optional<KeyValue> get(String key, long notOlderThan) {
    return get(key);
  }

  /**
   * What {@link #get(String)} answers, when it is in this process's memory already (a watch cache that is
   * current), so that an event loop may read it; else {@link WouldBlock}. The default always would block.
   */
  default Optional<KeyValue> getWithoutBlocking(String key) throws WouldBlock {
    throw new WouldBlock("a consistent read from " + getClass().getName());
  }

  /**
   * What {@link #get(String, long)} answers, when it is in this process's memory already (a watch cache at
   * {@code notOlderThan} or later), so that an event loop may read it; else {@link WouldBlock}. The default always
   * would block.
   */
  default Optional<KeyValue> getWithoutBlocking(String key, long notOlderThan) throws WouldBlock {
    throw new WouldBlock("a read from " + getClass().getName());
  }

  /**
   * Keys {@code >= startKey} that start with {@code prefix}, in key order, as they were at {@code revision}
   * (0 = latest). {@code startKey} null or empty means from the first key under the prefix; {@code limit} 0
   * means no limit.
   *
   * @throws CompactedException when {@code revision} is older than the compacted revision
   * @throws FutureRevisionException when {@code revision} is newer than the current revision
   */
  ListPage list(String prefix, String startKey, int limit, long revision);

  /**
   * What {@link #list} answers, when it is in this process's memory already (a watch cache that has applied the
   * store's newest write, for {@code revision} 0, or that is at exactly {@code revision}), so that an event loop
   * may list; else {@link WouldBlock}. The default always would block.
   */
  default ListPage listWithoutBlocking(String prefix, String startKey, int limit, long revision) throws WouldBlock {
    throw new WouldBlock("a list from " + getClass().getName());
  }

  /** Number of keys under {@code prefix} now. */
  long count(String prefix);

  /**
   * Creates {@code key}.
   *
   * @throws KeyExistsException when the key exists
   */
  KeyValue create(String key, byte[] value);

  /**
   * Replaces {@code key} if its modRevision is {@code expectedModRevision}.
   *
   * @throws KeyNotFoundException when the key does not exist
   * @throws RevisionConflictException when its modRevision differs
   */
  KeyValue update(String key, byte[] value, long expectedModRevision);

  /**
   * Deletes {@code key} if its modRevision is {@code expectedModRevision} (0 = unconditionally).
   *
   * @throws KeyNotFoundException when the key does not exist
   * @throws RevisionConflictException when its modRevision differs
   */
  Deleted delete(String key, long expectedModRevision);

  /**
   * Streams every change under {@code prefix} with a revision greater than {@code afterRevision}, first the
   * ones already in history, then live ones, in revision order.
   *
   * @throws CompactedException when events at {@code afterRevision + 1} are no longer in history: when {@code
   *     afterRevision + 1 < compactedRevision()}, and, for a store that keeps its watch history in memory (the
   *     watch cache), also when {@code afterRevision} is older than that window, which starts anew when such a
   *     store is opened; {@link CompactedException#compacted()} is then the lowest {@code afterRevision + 1}
   *     it serves
   */
  Watch watch(String prefix, long afterRevision, WatchListener listener);

  /**
   * Whether this store's watches answer {@link Watch#requestProgress} with a progress that keeps {@link
   * WatchListener#onProgress}'s promise (every event up to it delivered). A watch cache serves consistent reads
   * from memory only when it can learn so how far the store has come. The default says no, as the default
   * {@link Watch#requestProgress} does nothing.
   */
  default boolean answersProgressRequests() {
    return false;
  }

  /**
   * Drops history below {@code revision}, as etcd's compact does: the state at {@code revision} and every later
   * one stay readable. A revision at or below the compacted revision is a no-op; one above the current revision
   * fails with {@link FutureRevisionException}.
   */
  void compact(long revision);

  @Override
  void close();
}
