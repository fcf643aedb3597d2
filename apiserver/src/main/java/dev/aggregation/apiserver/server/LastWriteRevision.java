package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.ForwardingStorage;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.Storage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One resource's registry's view of the store that remembers the revision of the newest write made through it,
 * so that this replica's {@link ResourceInformer} of the resource can wait for its own writes: a client that
 * creates a Fischer and then a Flunder it names is refused by BanFlunder on the same replica, as it was when
 * admission read the store, without a round trip to the store on every admitted request.
 */
final class LastWriteRevision extends ForwardingStorage {
  private final AtomicLong newest = new AtomicLong();

  LastWriteRevision(Storage store) {
    super(store);
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
    KeyValue created = super.create(key, value);
    return wrote(created, created.modRevision());
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    KeyValue updated = super.update(key, value, expectedModRevision);
    return wrote(updated, updated.modRevision());
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    Deleted deleted = super.delete(key, expectedModRevision);
    return wrote(deleted, deleted.revision());
  }

  /** The store has one owner, which closes it; a registry's view never does. */
  @Override
  public void close() {}
}
