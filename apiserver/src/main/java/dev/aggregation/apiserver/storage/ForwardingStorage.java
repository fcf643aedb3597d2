package dev.aggregation.apiserver.storage;

import dev.aggregation.apiserver.machinery.WouldBlock;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every method of the SPI to another, for views that change a few of them (as Guava's
 * {@code Forwarding*} classes do for collections). Every method, defaults included, is forwarded here: a view
 * that forgot one would answer with the SPI's default instead of the store's (a watch cache's read from memory
 * became a read of the store that way once).
 */
public abstract class ForwardingStorage implements Storage {
  private final Storage delegate;

  protected ForwardingStorage(Storage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  protected final Storage delegate() {
    return delegate;
  }

  @Override
  public long currentRevision() {
    return delegate.currentRevision();
  }

  @Override
  public boolean knowsCurrentRevisionLocally() {
    return delegate.knowsCurrentRevisionLocally();
  }

  @Override
  public long compactedRevision() {
    return delegate.compactedRevision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Optional<KeyValue> get(String key, long notOlderThan) {
    return delegate.get(key, notOlderThan);
  }

  @Override
  public Optional<KeyValue> getWithoutBlocking(String key) throws WouldBlock {
    return delegate.getWithoutBlocking(key);
  }

  @Override
  public Optional<KeyValue> getWithoutBlocking(String key, long notOlderThan) throws WouldBlock {
    return delegate.getWithoutBlocking(key, notOlderThan);
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    return delegate.list(prefix, startKey, limit, revision);
  }

  @Override
  public ListPage listWithoutBlocking(String prefix, String startKey, int limit, long revision) throws WouldBlock {
    return delegate.listWithoutBlocking(prefix, startKey, limit, revision);
  }

  @Override
  public long count(String prefix) {
    return delegate.count(prefix);
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    return delegate.create(key, value);
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    return delegate.update(key, value, expectedModRevision);
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    return delegate.delete(key, expectedModRevision);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    return delegate.watch(prefix, afterRevision, listener);
  }

  @Override
  public boolean answersProgressRequests() {
    return delegate.answersProgressRequests();
  }

  @Override
  public void compact(long revision) {
    delegate.compact(revision);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
