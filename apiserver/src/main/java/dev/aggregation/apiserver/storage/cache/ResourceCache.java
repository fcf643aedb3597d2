package dev.aggregation.apiserver.storage.cache;

import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchHub;
import dev.aggregation.apiserver.storage.WatchListener;
import dev.aggregation.apiserver.storage.WatchSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch cache of one prefix (one resource), as kube-apiserver's cacher keeps it: a list of the store at
 * revision R fills a sorted map of the newest state of every key, then one store watch after R keeps it current
 * and appends each event to an {@link EventWindow}. Lists at the cache's revision and watches within its window
 * are answered from memory; watchers get their events through a {@link WatchHub} of their own, so a slow one is
 * closed rather than waited for.
 *
 * <p>When the store watch breaks, the cache first watches again from its revision (its watchers notice
 * nothing); when that fails too, or the store compacted past the cache, it becomes unready, closes its watchers
 * with a {@link StorageException} (they watch again), and lists and watches again with backoff until the store
 * answers. Meanwhile {@link CachedStorage} sends requests to the store itself.
 */
final class ResourceCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceCache.class);
  /** How often a consistent list that waits for the cache asks the store for progress again. */
  private static final long PROGRESS_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String prefix;
  private final Storage backend;
  private final WatchCacheOptions options;
  private final ScheduledExecutorService executor;
  private final WatchHub watchers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final AtomicLong nextProgressRequest = new AtomicLong(System.nanoTime());

  // Guarded by lock. The state is replaced whole by a relist.
  private NavigableMap<String, KeyValue> state = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final EventWindow window;
  private long revision;
  private boolean ready;
  private boolean closed;
  private Throwable lastFailure;
  /** Bumped whenever the store watch is replaced or abandoned: events of an older feed are ignored. */
  private long generation;
  private Watch feed;
  private long retryMillis;
  private ScheduledFuture<?> ticker;

  ResourceCache(String prefix, Storage backend, WatchCacheOptions options, ScheduledExecutorService executor) {
    this.prefix = prefix;
    this.backend = backend;
    this.options = options;
    this.executor = executor;
    this.watchers = new WatchHub("watch-cache", options.watcherQueueCapacity(), options.dispatcherThreads());
    this.window =
        new EventWindow(options.minCapacity(), options.maxCapacity(), options.maxHistoryBytes(), options.eventFreshness(),
            System::nanoTime);
    this.retryMillis = options.retryInitial().toMillis();
  }

  String prefix() {
    return prefix;
  }

  /** Starts filling the cache in the background, and the periodic progress. */
  void start() {
    executor.execute(this::sync);
    long interval = options.progressInterval().toMillis();
    lock.lock();
    try {
      ticker = executor.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }

  boolean isReady() {
    lock.lock();
    try {
      return ready;
    } finally {
      lock.unlock();
    }
  }

  /** Why the cache is not ready, empty when it is. */
  Optional<String> unreadiness() {
    lock.lock();
    try {
      if (ready) {
        return Optional.empty();
      }
      if (closed) {
        return Optional.of("the watch cache of '" + prefix + "' is closed");
      }
      return Optional.of(
          lastFailure == null
              ? "the watch cache of '" + prefix + "' is initializing"
              : "the watch cache of '" + prefix + "' cannot sync with the store: " + lastFailure.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} until the cache is ready; whether it is. */
  boolean awaitReady(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (!ready && !closed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        advanced.awaitNanos(remaining);
      }
      return ready;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * A consistent list: the store's current revision, then the cache once it has reached it (kube's consistent
   * read from cache). Empty when the cache cannot answer at that revision ({@link #freshAt}): the caller reads
   * the store.
   */
  Optional<ListPage> listLatest(String listPrefix, String startKey, int limit) {
    if (!isReady()) {
      return Optional.empty();
    }
    long target = backend.currentRevision();
    lock.lock();
    try {
      return freshAt(target) ? Optional.of(page(listPrefix, startKey, limit)) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether {@link #current} answers at {@code target} or later, once the cache has got there: at once when it is
   * there, else waiting at most the freshness timeout when the store tells how far its watch has come. False when
   * the cache is not ready, is behind and the store cannot tell (a quiet prefix would never get there), or does
   * not catch up in time: the caller reads the store.
   */
  boolean freshAt(long target) {
    lock.lock();
    try {
      if (!backend.answersProgressRequests()) {
        return ready && revision >= target;
      }
      return catchUp(target, System.nanoTime() + options.freshnessTimeout().toNanos());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The cached state of {@code key} (itself maybe empty) when the cache is ready and has applied {@code target}
   * already; empty when it has not, without waiting.
   */
  Optional<Optional<KeyValue>> currentIfApplied(String key, long target) {
    lock.lock();
    try {
      return ready && revision >= target ? Optional.of(Optional.ofNullable(state.get(key))) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The cached state of {@code key}, at the cache's revision: after {@link #freshAt} said yes, that revision is
   * at or above its target, since the cache only moves forward (a relist lists the store's newest state).
   */
  Optional<KeyValue> current(String key) {
    lock.lock();
    try {
      return Optional.ofNullable(state.get(key));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the cache has applied every event up to {@code target}, at most until {@code deadline} ({@link
   * System#nanoTime}); whether it has (false when it is not ready). Progress is asked for when the store answers
   * it; otherwise only the prefix's own events get the cache there.
   */
  boolean awaitApplied(long target, long deadline) {
    lock.lock();
    try {
      return catchUp(target, deadline);
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: waits until the cache is at {@code target}, asking the store for progress meanwhile. */
  private boolean catchUp(long target, long deadline) {
    try {
      while (ready && revision < target) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          LOG.debug("the watch cache of '{}' did not reach revision {} in time (at {})", prefix, target, revision);
          return false;
        }
        if (backend.answersProgressRequests()) {
          lock.unlock();
          try {
            requestProgress();
          } finally {
            lock.lock();
          }
        }
        if (revision < target) {
          advanced.awaitNanos(Math.min(remaining, PROGRESS_RETRY_NANOS));
        }
      }
      return ready;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the watch cache of '" + prefix + "'", e);
    }
  }

  /** A list at the cache's revision when the cache is ready and has applied {@code target} already, without waiting. */
  Optional<ListPage> listIfApplied(long target, String listPrefix, String startKey, int limit) {
    lock.lock();
    try {
      return ready && revision >= target ? Optional.of(page(listPrefix, startKey, limit)) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** A list at exactly {@code at}, when that is the cache's revision. */
  Optional<ListPage> listAt(long at, String listPrefix, String startKey, int limit) {
    lock.lock();
    try {
      return ready && at == revision ? Optional.of(page(listPrefix, startKey, limit)) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  private ListPage page(String listPrefix, String startKey, int limit) {
    String from =
        startKey != null && !startKey.isEmpty() && KeyOrder.compare(startKey, listPrefix) > 0 ? startKey : listPrefix;
    List<KeyValue> items = new ArrayList<>();
    long remaining = 0;
    for (Map.Entry<String, KeyValue> entry : state.tailMap(from, true).entrySet()) {
      if (!entry.getKey().startsWith(listPrefix)) {
        break;
      }
      if (limit == 0 || items.size() < limit) {
        items.add(entry.getValue());
      } else {
        remaining++;
      }
    }
    return new ListPage(List.copyOf(items), revision, remaining > 0, remaining);
  }

  // ---------------------------------------------------------------- watches

  /**
   * A watch served from the window and live events, or empty when the cache is not ready (the caller watches
   * the store).
   *
   * @param compacted the store's compacted revision as far as it is known: never served from memory either
   * @throws CompactedException when {@code afterRevision} is older than the window (or than {@code compacted})
   */
  Optional<Watch> watch(String watchPrefix, long afterRevision, WatchListener listener, long compacted) {
    lock.lock();
    try {
      if (!ready) {
        return Optional.empty();
      }
      long oldest = Math.max(window.start(), compacted - 1);
      if (afterRevision < oldest) {
        // As the cacher's "too old resource version": the events after it are gone from the window.
        throw new CompactedException(afterRevision, oldest + 1);
      }
      WatchSubscription subscription =
          watchers.register(watchPrefix, listener, () -> {}, this::offerRevision);
      subscription.start(window.after(afterRevision, watchPrefix), Math.max(revision, afterRevision));
      return Optional.of(subscription);
    } finally {
      lock.unlock();
    }
  }

  private void offerRevision(WatchSubscription subscription) {
    lock.lock();
    try {
      subscription.offerProgress(revision);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- the store watch

  /** Lists the store and watches it from the list's revision; on failure tries again after a backoff. */
  private void sync() {
    long attempt;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      attempt = ++generation;
    } finally {
      lock.unlock();
    }
    Watch started = null;
    try {
      NavigableMap<String, KeyValue> listed = new TreeMap<>(KeyOrder.CODE_POINTS);
      long at = listAll(listed);
      lock.lock();
      try {
        if (closed || generation != attempt) {
          return;
        }
        // the list was built outside the lock; swapping it in keeps readers (event loops among them) waiting
        // for no longer than a reference assignment
        state = listed;
        revision = at;
        window.reset(at);
      } finally {
        lock.unlock();
      }
      started = backend.watch(prefix, at, new Feed(attempt));
      lock.lock();
      try {
        if (closed || generation != attempt) {
          // The watch failed (or the cache closed) before it was installed; whoever changed the generation
          // takes it from here.
          return;
        }
        feed = started;
        started = null;
        ready = true;
        lastFailure = null;
        retryMillis = options.retryInitial().toMillis();
        advanced.signalAll();
        LOG.info("the watch cache of '{}' is synced at revision {} ({} keys)", prefix, at, listed.size());
      } finally {
        lock.unlock();
      }
    } catch (RuntimeException e) {
      retryLater(attempt, e);
    } finally {
      if (started != null) {
        started.close();
      }
    }
  }

  /** Reads every key under the prefix at one revision, a page at a time; returns the revision. */
  private long listAll(Map<String, KeyValue> into) {
    ListPage page = backend.list(prefix, null, options.listPageSize(), 0);
    long at = page.revision();
    while (true) {
      page.items().forEach(kv -> into.put(kv.key(), kv));
      if (!page.more() || page.items().isEmpty()) {
        return at;
      }
      String next = page.items().get(page.items().size() - 1).key() + "\0";
      page = backend.list(prefix, next, options.listPageSize(), at);
    }
  }

  private void retryLater(long attempt, RuntimeException failure) {
    long delay;
    lock.lock();
    try {
      if (closed || generation != attempt) {
        return;
      }
      lastFailure = failure;
      delay = retryMillis;
      retryMillis = Math.min(retryMillis * 2, options.retryMax().toMillis());
    } finally {
      lock.unlock();
    }
    LOG.warn(
        "the watch cache of '{}' cannot sync with the store; trying again in {} ms: {}",
        prefix, delay, failure.getMessage());
    schedule(this::sync, delay);
  }

  /** The store watch of feed {@code feedGeneration} ended with {@code cause}: recover off its thread. */
  private void feedFailed(long feedGeneration, Throwable cause) {
    long from;
    long next;
    lock.lock();
    try {
      if (closed || generation != feedGeneration) {
        return;
      }
      next = ++generation;
      feed = null;
      from = revision;
    } finally {
      lock.unlock();
    }
    schedule(() -> recover(next, from, cause), 0);
  }

  /**
   * Watches the store again from the cache's revision, which its watchers do not notice; when the store no
   * longer has that history, or does not answer, the cache becomes unready and syncs anew.
   */
  private void recover(long attempt, long from, Throwable cause) {
    Throwable failure = cause;
    if (!(cause instanceof CompactedException)) {
      Watch resumed = null;
      try {
        resumed = backend.watch(prefix, from, new Feed(attempt));
        lock.lock();
        try {
          if (!closed && generation == attempt) {
            feed = resumed;
            resumed = null;
            // The state at the cache's revision is intact (also when the first watch after a sync broke).
            ready = true;
            lastFailure = null;
            advanced.signalAll();
            LOG.info("the watch cache of '{}' watches the store again after revision {}", prefix, from);
            return;
          }
        } finally {
          lock.unlock();
        }
        // The new watch failed at once or the cache closed: whoever moved the generation on handles it.
        return;
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        if (resumed != null) {
          resumed.close();
        }
      }
    }
    lock.lock();
    try {
      if (closed || generation != attempt) {
        return;
      }
      ready = false;
      lastFailure = failure;
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.warn(
        "the watch cache of '{}' lost its watch of the store after revision {}; closing its watchers and syncing"
            + " again: {}",
        prefix, from, failure.getMessage());
    watchers.terminateAll(
        new StorageException(
            "the watch cache of '" + prefix + "' lost its watch of the store after revision " + from
                + "; watch again: " + failure.getMessage(),
            failure));
    sync();
  }

  private void apply(long feedGeneration, WatchEvent event) {
    lock.lock();
    try {
      if (closed || generation != feedGeneration || event.revision() <= revision) {
        return;
      }
      WatchEvent complete = withPreviousState(event, state.get(event.kv().key()));
      if (complete.type() == WatchEvent.Type.PUT) {
        state.put(complete.kv().key(), complete.kv());
      } else {
        state.remove(complete.kv().key());
      }
      window.append(complete);
      revision = complete.revision();
      watchers.publish(complete);
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The event with the state it replaced, from memory when the store left it out: etcd omits prevKv when the
   * previous revision is compacted away, and the API drops a DELETE it cannot show the last state of.
   */
  private WatchEvent withPreviousState(WatchEvent event, KeyValue previous) {
    KeyValue kv = event.kv();
    boolean creation = event.type() == WatchEvent.Type.PUT && kv.createRevision() == kv.modRevision();
    if (event.prevKv() != null || creation) {
      return event;
    }
    if (previous == null) {
      LOG.warn(
          "the watch cache of '{}' has no previous state of {} for its {} at revision {}",
          prefix, kv.key(), event.type(), event.revision());
      return event;
    }
    if (event.type() == WatchEvent.Type.DELETE) {
      return new WatchEvent(
          event.type(), new KeyValue(kv.key(), null, previous.createRevision(), kv.modRevision()), previous);
    }
    return new WatchEvent(event.type(), kv, previous);
  }

  private void progress(long feedGeneration, long progressRevision) {
    lock.lock();
    try {
      if (closed || generation != feedGeneration || progressRevision <= revision) {
        return;
      }
      revision = progressRevision;
      watchers.publishProgress(progressRevision);
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the store for progress, at most once per retry interval however many reads wait on a remote store; an
   * in-process store answers from memory, so every waiting read asks at once rather than sleeping out the
   * interval behind writes to other resources.
   */
  private void requestProgress() {
    if (!backend.knowsCurrentRevisionLocally()) {
      long now = System.nanoTime();
      long next = nextProgressRequest.get();
      if (now - next < 0 || !nextProgressRequest.compareAndSet(next, now + PROGRESS_RETRY_NANOS / 2)) {
        return;
      }
    }
    Watch current;
    lock.lock();
    try {
      current = feed;
    } finally {
      lock.unlock();
    }
    if (current != null) {
      current.requestProgress();
    }
  }

  /** Periodic: the store's progress for quiet prefixes, and the cache's revision for its watchers' bookmarks. */
  private void tick() {
    try {
      Watch current;
      lock.lock();
      try {
        if (!ready) {
          return;
        }
        current = feed;
        watchers.publishProgress(revision);
      } finally {
        lock.unlock();
      }
      if (current != null) {
        current.requestProgress();
      }
    } catch (RuntimeException e) {
      // A throwing periodic task would silently end the schedule.
      LOG.warn("the watch cache of '{}' could not request progress", prefix, e);
    }
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The cache is closing: nothing is left to sync.
      LOG.debug("the watch cache of '{}' is closing; not syncing again", prefix);
    }
  }

  @Override
  public void close() {
    Watch current;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      ready = false;
      generation++;
      current = feed;
      feed = null;
      if (ticker != null) {
        ticker.cancel(false);
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    if (current != null) {
      current.close();
    }
    watchers.close(new StorageException("storage is closed: the watch cache of '" + prefix + "'"));
  }

  /** The store watch of one generation: what it reports counts only while that generation is current. */
  private final class Feed implements WatchListener {
    private final long feedGeneration;

    Feed(long feedGeneration) {
      this.feedGeneration = feedGeneration;
    }

    @Override
    public void onEvent(WatchEvent event) {
      apply(feedGeneration, event);
    }

    @Override
    public void onProgress(long progressRevision) {
      progress(feedGeneration, progressRevision);
    }

    @Override
    public void onClose(Throwable cause) {
      if (cause != null) {
        feedFailed(feedGeneration, cause);
      }
    }
  }
}
