package dev.aggregation.apiserver.storage.cache;

import dev.aggregation.apiserver.storage.ForwardingStorage;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A real store seen through what the cache tests need to observe and steer: how many lists and gets reach it,
 * whether it says it knows its revision without a request, a gate
 * that holds back what its watches deliver (events and progress, in order) until released, a way to change
 * events on their way (as etcd leaves prevKv out after compaction), a signal when progress is requested, and
 * what runs just before and after a watch of the store is made (to race writes and progress with it).
 */
final class InstrumentedStorage extends ForwardingStorage {
  private final AtomicInteger lists = new AtomicInteger();
  private final AtomicInteger gets = new AtomicInteger();
  private volatile boolean remote;
  private final CountDownLatch progressRequested = new CountDownLatch(1);
  private volatile UnaryOperator<WatchEvent> eventChange = UnaryOperator.identity();
  private volatile Runnable beforeWatch = () -> {};
  private volatile Consumer<Watch> afterWatch = watch -> {};
  private final AtomicInteger deliveries = new AtomicInteger();

  // Guarded by this: while holding, what the watches deliver waits here, in order.
  private boolean holding;
  private final List<Runnable> held = new ArrayList<>();

  InstrumentedStorage(Storage store) {
    super(store);
  }

  int listCalls() {
    return lists.get();
  }

  int getCalls() {
    return gets.get();
  }

  /** From now on, says it must be asked for its current revision as a remote store (etcd) must. */
  void actRemote() {
    remote = true;
  }

  CountDownLatch progressRequested() {
    return progressRequested;
  }

  void changeEvents(UnaryOperator<WatchEvent> change) {
    this.eventChange = change;
  }

  /** Runs {@code action} before each watch of the store is made. */
  void beforeWatch(Runnable action) {
    this.beforeWatch = action;
  }

  /** Runs {@code action} with each watch of the store once it is made, before the watcher gets it. */
  void afterWatch(Consumer<Watch> action) {
    this.afterWatch = action;
  }

  /** Events and progress notifications the store's watches have delivered so far. */
  int deliveries() {
    return deliveries.get();
  }

  synchronized void hold() {
    holding = true;
  }

  /** Delivers what was held, in order, and stops holding. */
  synchronized void release() {
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  private synchronized void deliver(Runnable delivery) {
    if (holding) {
      held.add(delivery);
    } else {
      delivery.run();
    }
  }

  @Override
  public Optional<KeyValue> get(String key) {
    gets.incrementAndGet();
    return delegate().get(key);
  }

  @Override
  public Optional<KeyValue> get(String key, long notOlderThan) {
    gets.incrementAndGet();
    return delegate().get(key, notOlderThan);
  }

  @Override
  public boolean knowsCurrentRevisionLocally() {
    return !remote && delegate().knowsCurrentRevisionLocally();
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    lists.incrementAndGet();
    return delegate().list(prefix, startKey, limit, revision);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    beforeWatch.run();
    Watch watch =
        delegate().watch(
            prefix,
            afterRevision,
            new WatchListener() {
              @Override
              public void onEvent(WatchEvent event) {
                WatchEvent changed = eventChange.apply(event);
                deliveries.incrementAndGet();
                deliver(() -> listener.onEvent(changed));
              }

              @Override
              public void onProgress(long revision) {
                deliveries.incrementAndGet();
                deliver(() -> listener.onProgress(revision));
              }

              @Override
              public void onClose(Throwable cause) {
                deliver(() -> listener.onClose(cause));
              }
            });
    afterWatch.accept(watch);
    return new Watch() {
      @Override
      public void close() {
        watch.close();
      }

      @Override
      public void requestProgress() {
        progressRequested.countDown();
        watch.requestProgress();
      }
    };
  }
}
