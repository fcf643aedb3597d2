package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchListener;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One resource's registry's view of the store that remembers the revision of the newest write made through it,
 * so that this replica's {@link ResourceInformer} of the resource can wait for its own writes: a client that
 * creates a Fischer and then a Flunder it names is refused by BanFlunder on the same replica, as it was when
 * admission read the store, without a round trip to the store on every admitted request.
 */
final class LastWriteRevision implements Storage {
  private final Storage store;
  private final AtomicLong newest = new AtomicLong();

  LastWriteRevision(Storage store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The revision of the newest create, update or delete made through this view; 0 before the first. */
  long newest() {
    return newest.get();
  }

  private <T> T wrote(T result, long revision) {
    newest.accumulateAndGet(revision, Math::max);
    return result;
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    KeyValue created = store.create(key, value);
    return wrote(created, created.modRevision());
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    KeyValue updated = store.update(key, value, expectedModRevision);
    return wrote(updated, updated.modRevision());
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    Deleted deleted = store.delete(key, expectedModRevision);
    return wrote(deleted, deleted.revision());
  }

  @Override
  public long currentRevision() {
    return store.currentRevision();
  }

  @Override
  public long compactedRevision() {
    return store.compactedRevision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return store.get(key);
  }

  @Override
  public Optional<KeyValue> get(String key, long notOlderThan) {
    return store.get(key, notOlderThan);
  }

  @Override
  public Optional<KeyValue> getWithoutBlocking(String key) throws WouldBlock {
    return store.getWithoutBlocking(key);
  }

  @Override
  public Optional<KeyValue> getWithoutBlocking(String key, long notOlderThan) throws WouldBlock {
    return store.getWithoutBlocking(key, notOlderThan);
  }

  @Override
  public boolean knowsCurrentRevisionLocally() {
    return store.knowsCurrentRevisionLocally();
  }

  @Override
  public boolean answersProgressRequests() {
    return store.answersProgressRequests();
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    return store.list(prefix, startKey, limit, revision);
  }

  @Override
  public long count(String prefix) {
    return store.count(prefix);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    return store.watch(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long revision) {
    store.compact(revision);
  }

  /** The store has one owner, which closes it; a registry's view never does. */
  @Override
  public void close() {}
}
