package dev.aggregation.apiserver.storage.cache;

import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.storage.ForwardingStorage;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's watch cache in front of any {@link Storage}: for each cached prefix (one per served resource,
 * {@code <etcd-prefix>/<group>/<resource>/}) a {@link ResourceCache} holds the newest state and a window of
 * recent events, fed by one store watch. Under a cached prefix:
 *
 * <ul>
 *   <li>{@code list} at revision 0 (the newest) is a consistent read from memory: the store's current revision
 *       is read (one cheap request), the cache waits until it has caught up (at most {@link
 *       WatchCacheOptions#freshnessTimeout}), then answers at that revision. It waits only when the store's
 *       watches answer progress requests (etcd before 3.4.31 and 3.5.13 does not): otherwise only a cache already
 *       there answers. A list at exactly the cache's
 *       revision (the next page of such a list) is answered from memory too; any other revision, a cache that
 *       is not ready or does not catch up in time, read the store.
 *   <li>{@code watch} is served from the window and live events: a revision older than the window fails with
 *       {@link dev.aggregation.apiserver.storage.CompactedException} (410 Expired at the API, as the cacher's
 *       "too old resource version"), even when the store still has that history.
 *   <li>{@code get} with a revision to be not older than is answered from memory once the cache is there (at
 *       once for 0); a consistent {@code get} is too when the store knows its current revision without a
 *       request (the embedded store), else it reads the store.
 * </ul>
 *
 * Everything else (count, writes, compaction, revisions) goes to the store. Values are shared between callers
 * and must not be changed.
 *
 * <p>The cache owns the store: closing it closes the store.
 */
public final class CachedStorage extends ForwardingStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CachedStorage.class);

  private final List<ResourceCache> caches;
  private final ScheduledExecutorService executor;
  private final WatchCacheOptions options;
  /** The highest compacted revision seen through this decorator: watches below it are refused, as the store would. */
  private final AtomicLong knownCompacted = new AtomicLong();

  private CachedStorage(
      Storage backend, List<ResourceCache> caches, ScheduledExecutorService executor, WatchCacheOptions options) {
    super(backend);
    this.options = options;
    this.caches = caches;
    this.executor = executor;
  }

  /**
   * Starts caching {@code prefixes} of {@code backend} (each ends in '/'); the caches fill in the background,
   * and until one is ready, requests under its prefix go to the store.
   */
  public static CachedStorage start(Storage backend, Collection<String> prefixes, WatchCacheOptions options) {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(options, "options");
    AtomicInteger threads = new AtomicInteger();
    ScheduledExecutorService executor =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "watch-cache-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    List<ResourceCache> caches = new ArrayList<>();
    for (String prefix : new LinkedHashSet<>(prefixes)) {
      if (!prefix.endsWith("/")) {
        throw new IllegalArgumentException("a cached prefix must end with '/', got '" + prefix + "'");
      }
      caches.add(new ResourceCache(prefix, backend, options, executor));
    }
    CachedStorage storage = new CachedStorage(backend, List.copyOf(caches), executor, options);
    caches.forEach(ResourceCache::start);
    LOG.info("watch cache started for {}", caches.stream().map(ResourceCache::prefix).toList());
    return storage;
  }

  /** The store behind the cache. */
  public Storage backend() {
    return delegate();
  }

  /** Waits until every cache is ready, at most {@code timeout}; whether they are. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ResourceCache cache : caches) {
      if (!cache.awaitReady(Math.max(0, deadline - System.nanoTime()))) {
        return false;
      }
    }
    return true;
  }

  /** Why caches are not ready (one line each), empty when all are: the readiness check reports these. */
  public List<String> unreadiness() {
    return caches.stream().map(ResourceCache::unreadiness).flatMap(Optional::stream).toList();
  }

  @Override
  public long compactedRevision() {
    long compacted = delegate().compactedRevision();
    knownCompacted.accumulateAndGet(compacted, Math::max);
    return compacted;
  }

  /**
   * A consistent read of one key: from the cache of its prefix when the store knows its revision without a
   * request (the embedded store) and the cache reaches it, as a consistent list does; otherwise from the store,
   * since asking a remote store for its revision costs as much as reading the key (kube-apiserver reads etcd).
   */
  @Override
  public Optional<KeyValue> get(String key) {
    Objects.requireNonNull(key, "key");
    if (delegate().knowsCurrentRevisionLocally()) {
      Optional<ResourceCache> cache = cacheFor(key);
      if (cache.isPresent() && cache.get().freshAt(delegate().currentRevision())) {
        return cache.get().current(key);
      }
    }
    return delegate().get(key);
  }

  /**
   * From the cache of the key's prefix when it is at {@code notOlderThan} or later (kube's GET with a
   * resourceVersion from the watch cache; 0 answers at once from a ready cache), else from the store.
   */
  @Override
  public Optional<KeyValue> get(String key, long notOlderThan) {
    Objects.requireNonNull(key, "key");
    if (notOlderThan < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + notOlderThan);
    }
    Optional<ResourceCache> cache = cacheFor(key);
    if (cache.isPresent() && cache.get().freshAt(notOlderThan)) {
      return cache.get().current(key);
    }
    return delegate().get(key);
  }

  /** From a cache that has applied the store's newest write, on a store that knows its revision in memory. */
  @Override
  public Optional<KeyValue> getWithoutBlocking(String key) throws WouldBlock {
    Objects.requireNonNull(key, "key");
    if (!delegate().knowsCurrentRevisionLocally()) {
      throw new WouldBlock("a consistent read: the store's revision is not known locally");
    }
    return currentIfAppliedWithoutWaiting(key, delegate().currentRevision());
  }

  /** From the cache of the key's prefix when it has applied {@code notOlderThan} already. */
  @Override
  public Optional<KeyValue> getWithoutBlocking(String key, long notOlderThan) throws WouldBlock {
    Objects.requireNonNull(key, "key");
    if (notOlderThan < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + notOlderThan);
    }
    return currentIfAppliedWithoutWaiting(key, notOlderThan);
  }

  private Optional<KeyValue> currentIfAppliedWithoutWaiting(String key, long target) throws WouldBlock {
    Optional<ResourceCache> cache = cacheFor(key);
    if (cache.isEmpty()) {
      throw new WouldBlock("a read of an uncached key");
    }
    return cache.get().currentIfApplied(key, target).orElseThrow(() -> new WouldBlock("a read the watch cache has not caught up with"));
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    checkListArguments(prefix, limit, revision);
    Optional<ResourceCache> cache = cacheFor(prefix);
    if (cache.isPresent()) {
      Optional<ListPage> cached =
          revision == 0
              ? cache.get().listLatest(prefix, startKey, limit)
              : cache.get().listAt(revision, prefix, startKey, limit);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    return delegate().list(prefix, startKey, limit, revision);
  }

  /**
   * From the cache of the prefix, without waiting: at the store's newest revision ({@code revision} 0) when the
   * store knows it in memory and the cache has applied it, or at exactly {@code revision} when that is the
   * cache's.
   */
  @Override
  public ListPage listWithoutBlocking(String prefix, String startKey, int limit, long revision) throws WouldBlock {
    checkListArguments(prefix, limit, revision);
    ResourceCache cache = cacheFor(prefix).orElseThrow(() -> new WouldBlock("a list of an uncached prefix"));
    if (revision > 0) {
      return cache.listAt(revision, prefix, startKey, limit).orElseThrow(() -> new WouldBlock("a list at a revision other than the watch cache's"));
    }
    if (!delegate().knowsCurrentRevisionLocally()) {
      throw new WouldBlock("a consistent list: the store's revision is not known locally");
    }
    return cache.listIfApplied(delegate().currentRevision(), prefix, startKey, limit)
        .orElseThrow(() -> new WouldBlock("a list the watch cache has not caught up with"));
  }

  /**
   * Served by the cache of the prefix when it is ready, else by the store.
   *
   * @throws dev.aggregation.apiserver.storage.CompactedException when {@code afterRevision} is older than the
   *     cache's window, or than a compaction this decorator has seen
   */
  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    if (afterRevision < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + afterRevision);
    }
    Optional<ResourceCache> cache = cacheFor(prefix);
    if (cache.isPresent()) {
      Optional<Watch> cached = cache.get().watch(prefix, afterRevision, listener, knownCompacted.get());
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    return delegate().watch(prefix, afterRevision, listener);
  }

  /**
   * Compacts the store once every ready cache has applied {@code revision} (all of them waiting at most the
   * freshness timeout together), as kube's cacher tests compact only a fresh watch cache: etcd cancels a watch
   * that still needs an event below the compacted revision (a new one it has not caught up yet, or a slow one),
   * and a cache whose own watch is cancelled must list again and close all its watchers. A cache that does not
   * get there in time (a quiet prefix on a store that cannot tell its watch's progress) is not waited for
   * longer: compaction is the store's, and should it cancel that cache's watch, the cache lists again.
   */
  @Override
  public void compact(long revision) {
    if (revision > 0 && revision <= delegate().currentRevision()) {
      long deadline = System.nanoTime() + options.freshnessTimeout().toNanos();
      for (ResourceCache cache : caches) {
        if (cache.isReady() && !cache.awaitApplied(revision, deadline)) {
          LOG.debug("compacting to revision {} before the watch cache of '{}' has reached it", revision, cache.prefix());
        }
      }
    }
    delegate().compact(revision);
    knownCompacted.accumulateAndGet(revision, Math::max);
  }

  /**
   * As the store: a ready cache answers its watches' progress requests from memory, but a prefix whose cache is
   * not ready is watched on the store.
   */
  @Override
  public boolean answersProgressRequests() {
    return delegate().answersProgressRequests();
  }

  /** Closes every cache (its watchers get a {@link StorageException}), then the store. */
  @Override
  public void close() {
    caches.forEach(ResourceCache::close);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("watch cache threads did not stop within 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delegate().close();
  }

  /** The cache whose prefix contains {@code prefix} (the longest, should cached prefixes nest). */
  private static void checkListArguments(String prefix, int limit, long revision) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    if (revision < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + revision);
    }
  }

  private Optional<ResourceCache> cacheFor(String prefix) {
    ResourceCache found = null;
    for (ResourceCache cache : caches) {
      if (prefix.startsWith(cache.prefix())
          && (found == null || cache.prefix().length() > found.prefix().length())) {
        found = cache;
      }
    }
    return Optional.ofNullable(found);
  }
}
