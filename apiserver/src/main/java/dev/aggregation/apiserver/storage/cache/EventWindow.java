package dev.aggregation.apiserver.storage.cache;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The recent events of one cached prefix, oldest first, as kube-apiserver's watch cache keeps them: a ring whose
 * capacity doubles (up to {@code maxCapacity}) while it holds less than {@code freshness} of history, and halves
 * (down to {@code minCapacity}) when its newest quarter is older than that. Unlike kube's, it also drops its
 * oldest events while they take more than {@code maxBytes} (and it holds more than {@code minCapacity}): with a
 * count alone, creates at a few thousand per second fill it to kube's 102,400 events within a minute, about half
 * the shipped heap. A watch after revision R can be served from here when R is at or above {@link #start()}: every
 * event above it is in the window.
 *
 * <p>Hand-written rather than an {@link java.util.ArrayDeque}: the replay start is found by binary search over
 * revisions, which needs indexed access. Not thread safe: its owner guards it.
 */
final class EventWindow {
  private final int minCapacity;
  private final int maxCapacity;
  private final long maxBytes;
  private final long freshnessNanos;
  private final LongSupplier nanoClock;

  private WatchEvent[] events;
  private long[] recordedAt;
  private int first;
  private int size;
  /** The {@link #footprint} of the events held. */
  private long bytes;
  /** Every event with a revision above this one is in the window. */
  private long start;

  EventWindow(int minCapacity, int maxCapacity, long maxBytes, Duration freshness, LongSupplier nanoClock) {
    if (minCapacity < 1 || maxCapacity < minCapacity) {
      throw new IllegalArgumentException(
          "watch cache capacity bounds must satisfy 1 <= min <= max, got " + minCapacity + ".." + maxCapacity);
    }
    this.minCapacity = minCapacity;
    this.maxCapacity = maxCapacity;
    this.maxBytes = maxBytes;
    this.freshnessNanos = freshness.toNanos();
    this.nanoClock = nanoClock;
    this.events = new WatchEvent[minCapacity];
    this.recordedAt = new long[minCapacity];
  }

  /** Empties the window after a relist at {@code revision}: watches after it and later can be served. */
  void reset(long revision) {
    events = new WatchEvent[minCapacity];
    recordedAt = new long[minCapacity];
    first = 0;
    size = 0;
    bytes = 0;
    start = revision;
  }

  /** The lowest revision a watch may start after. */
  long start() {
    return start;
  }

  int capacity() {
    return events.length;
  }

  int size() {
    return size;
  }

  long bytes() {
    return bytes;
  }

  /**
   * What holding {@code event} costs the heap, roughly: its keys' and values' bytes (keys are Latin-1 here, one
   * byte a character) plus {@link #OVERHEAD} for the objects around them. The newest value of a key is also held
   * by the cache's index; counting it here too keeps the bound on the side of caution.
   */
  static long footprint(WatchEvent event) {
    return OVERHEAD + size(event.kv()) + size(event.prevKv());
  }

  /** The event record, two key-values, two strings and two arrays' headers, on a 64-bit JVM: about this. */
  static final int OVERHEAD = 160;

  private static long size(KeyValue kv) {
    return kv == null ? 0 : kv.key().length() + (kv.value() == null ? 0 : kv.value().length);
  }

  /** Appends the newest event, evicting the oldest when full (the window then starts at its revision). */
  void append(WatchEvent event) {
    long now = nanoClock.getAsLong();
    resize(now);
    if (size == events.length) {
      dropOldest();
    }
    int slot = (first + size) % events.length;
    events[slot] = event;
    recordedAt[slot] = now;
    size++;
    bytes += footprint(event);
    while (bytes > maxBytes && size > minCapacity) {
      dropOldest();
    }
  }

  private void dropOldest() {
    WatchEvent oldest = at(0);
    start = oldest.revision();
    bytes -= footprint(oldest);
    events[first] = null;
    first = (first + 1) % events.length;
    size--;
  }

  /** The events with a revision above {@code afterRevision} whose key starts with {@code prefix}, in order. */
  List<WatchEvent> after(long afterRevision, String prefix) {
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (at(middle).revision() <= afterRevision) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    List<WatchEvent> found = new ArrayList<>();
    for (int i = low; i < size; i++) {
      WatchEvent event = at(i);
      if (event.kv().key().startsWith(prefix)) {
        found.add(event);
      }
    }
    return found;
  }

  private WatchEvent at(int index) {
    return events[(first + index) % events.length];
  }

  private long recordedAt(int index) {
    return recordedAt[(first + index) % events.length];
  }

  private void resize(long now) {
    int capacity = events.length;
    if (size < capacity) {
      return;
    }
    if (now - recordedAt(0) < freshnessNanos && capacity < maxCapacity) {
      copyInto(Math.min(capacity * 2, maxCapacity));
    } else if (now - recordedAt(size - Math.max(1, capacity / 4)) > freshnessNanos && capacity > minCapacity) {
      // Even the newest quarter is stale: keep half, dropping the oldest events.
      int smaller = Math.max(capacity / 2, minCapacity);
      int drop = size - smaller;
      if (drop > 0) {
        start = at(drop - 1).revision();
      }
      copyInto(smaller);
    }
  }

  private void copyInto(int capacity) {
    int keep = Math.min(size, capacity);
    int skip = size - keep;
    WatchEvent[] movedEvents = new WatchEvent[capacity];
    long[] movedTimes = new long[capacity];
    for (int i = 0; i < skip; i++) {
      bytes -= footprint(at(i));
    }
    for (int i = 0; i < keep; i++) {
      movedEvents[i] = at(skip + i);
      movedTimes[i] = recordedAt(skip + i);
    }
    events = movedEvents;
    recordedAt = movedTimes;
    first = 0;
    size = keep;
  }
}
