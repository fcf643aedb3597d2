package dev.aggregation.apiserver.storage.cache;

import java.time.Duration;

/**
 * Tunables of the watch cache; {@link #DEFAULTS} are kube-apiserver's where it has them.
 *
 * @param minCapacity events each prefix's window holds at least (kube: 100)
 * @param maxCapacity events it holds at most (kube: 100 * 1024)
 * @param maxHistoryBytes bytes of events (keys and values, with an estimate of their object headers) a window
 *     holds at most beyond its {@code minCapacity} events; not kube's, whose count alone lets 100 * 1024 events of
 *     1 KiB objects take about 120 MiB, half the shipped heap, after a minute of a few thousand writes per second
 * @param eventFreshness history the window grows to keep (kube: 75 s, one bookmark interval plus 15 s)
 * @param freshnessTimeout how long a consistent list waits for the cache to reach the store's revision before
 *     it reads the store instead (kube's blockTimeout: 3 s)
 * @param progressInterval how often the cache asks the store for progress and tells its watchers how far it
 *     is, so that bookmarks of quiet resources advance
 * @param watcherQueueCapacity events a watcher may have waiting before it is closed as too slow
 * @param dispatcherThreads threads that call the watchers' listeners, per cached prefix
 * @param retryInitial first wait before a failed sync is retried; it doubles up to {@code retryMax}
 * @param retryMax longest wait between two sync attempts
 * @param listPageSize keys per page of the list that fills the cache
 */
public record WatchCacheOptions(
    int minCapacity,
    int maxCapacity,
    long maxHistoryBytes,
    Duration eventFreshness,
    Duration freshnessTimeout,
    Duration progressInterval,
    int watcherQueueCapacity,
    int dispatcherThreads,
    Duration retryInitial,
    Duration retryMax,
    int listPageSize) {

  public static final WatchCacheOptions DEFAULTS =
      new WatchCacheOptions(
          100,
          100 * 1024,
          Long.MAX_VALUE,
          Duration.ofSeconds(75),
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          10_000,
          2,
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          1_000);

  public WatchCacheOptions {
    if (minCapacity < 1 || maxCapacity < minCapacity) {
      throw new IllegalArgumentException(
          "watch cache capacity bounds must satisfy 1 <= min <= max, got " + minCapacity + ".." + maxCapacity);
    }
    if (maxHistoryBytes < 1) {
      throw new IllegalArgumentException("maxHistoryBytes must be positive, got " + maxHistoryBytes);
    }
    requirePositive("eventFreshness", eventFreshness);
    requirePositive("freshnessTimeout", freshnessTimeout);
    requirePositive("progressInterval", progressInterval);
    requirePositive("retryInitial", retryInitial);
    requirePositive("retryMax", retryMax);
    if (watcherQueueCapacity < 1 || dispatcherThreads < 1 || listPageSize < 1) {
      throw new IllegalArgumentException(
          "watcherQueueCapacity, dispatcherThreads and listPageSize must be positive, got "
              + watcherQueueCapacity + ", " + dispatcherThreads + ", " + listPageSize);
    }
  }

  /** A fixed window of {@code events} events (no resizing). */
  public WatchCacheOptions withCapacity(int events) {
    return new WatchCacheOptions(
        events, events, maxHistoryBytes, eventFreshness, freshnessTimeout, progressInterval, watcherQueueCapacity,
        dispatcherThreads, retryInitial, retryMax, listPageSize);
  }

  /** Windows that hold at most {@code bytes} of events beyond their minimum capacity. */
  public WatchCacheOptions withMaxHistoryBytes(long bytes) {
    return new WatchCacheOptions(
        minCapacity, maxCapacity, bytes, eventFreshness, freshnessTimeout, progressInterval, watcherQueueCapacity,
        dispatcherThreads, retryInitial, retryMax, listPageSize);
  }

  public WatchCacheOptions withWatcherQueueCapacity(int events) {
    return new WatchCacheOptions(
        minCapacity, maxCapacity, maxHistoryBytes, eventFreshness, freshnessTimeout, progressInterval, events,
        dispatcherThreads, retryInitial, retryMax, listPageSize);
  }

  public WatchCacheOptions withRetry(Duration initial, Duration max) {
    return new WatchCacheOptions(
        minCapacity, maxCapacity, maxHistoryBytes, eventFreshness, freshnessTimeout, progressInterval, watcherQueueCapacity,
        dispatcherThreads, initial, max, listPageSize);
  }

  public WatchCacheOptions withFreshnessTimeout(Duration timeout) {
    return new WatchCacheOptions(
        minCapacity, maxCapacity, maxHistoryBytes, eventFreshness, timeout, progressInterval, watcherQueueCapacity,
        dispatcherThreads, retryInitial, retryMax, listPageSize);
  }

  public WatchCacheOptions withProgressInterval(Duration interval) {
    return new WatchCacheOptions(
        minCapacity, maxCapacity, maxHistoryBytes, eventFreshness, freshnessTimeout, interval, watcherQueueCapacity,
        dispatcherThreads, retryInitial, retryMax, listPageSize);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
