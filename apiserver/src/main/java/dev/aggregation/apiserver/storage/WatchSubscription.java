package dev.aggregation.apiserver.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of a backend, as the listener contract of {@link WatchListener} wants it: a replay of history, then
 * live events, delivered on a {@link WatchHub}'s dispatcher in revision order, each once, without ever blocking
 * the thread that offers them (the embedded store's writer, etcd's gRPC threads).
 *
 * <p>Live events are buffered from the moment the watch is registered, before its history is read; so an event
 * committed while the history is being read shows up in both. {@link #start} says up to which revision the
 * history goes, and the buffered live events at or below it are skipped: no gap, no duplicate. A backend whose
 * server replays history itself (etcd) starts the watch with no history at the revision it watches after.
 *
 * <p>At most one drain task runs at a time ({@code scheduled}), so the listener is never called concurrently
 * (also on a dispatcher of several threads) and {@code onClose} comes after the last {@code onEvent}, exactly
 * once.
 *
 * <p>Progress ({@link #offerProgress}) is kept as the highest revision offered, not queued: it is delivered when
 * every event offered before it has been, and only when it is above the last revision delivered.
 */
public final class WatchSubscription implements Watch {

  private static final Logger LOG = LoggerFactory.getLogger(WatchSubscription.class);

  /** Events per drain task before it yields the dispatcher to the other watches. */
  private static final int DRAIN_BATCH = 256;

  private final String prefix;
  private final WatchListener listener;
  private final int capacity;
  private final Executor dispatcher;
  private final Consumer<WatchSubscription> unregister;
  private final Consumer<WatchSubscription> progressRequester;

  // All fields below are guarded by this.
  private final Deque<WatchEvent> live = new ArrayDeque<>();
  private Deque<WatchEvent> replay = new ArrayDeque<>();
  private long replayedUpTo;
  private boolean started;
  private boolean scheduled;
  private boolean terminated;
  private Throwable closeCause;
  private boolean closeDelivered;
  /** The highest progress revision offered; delivered once the events offered before it are. */
  private long progressOffered;
  /** The highest revision handed to the listener, by an event or a progress notification. */
  private long deliveredThrough;

  WatchSubscription(
      String prefix,
      WatchListener listener,
      int capacity,
      Executor dispatcher,
      Consumer<WatchSubscription> unregister,
      Consumer<WatchSubscription> progressRequester) {
    this.prefix = prefix;
    this.listener = listener;
    this.capacity = capacity;
    this.dispatcher = dispatcher;
    this.unregister = unregister;
    this.progressRequester = progressRequester;
  }

  /**
   * Hands over the history, in revision order, that covers every revision up to {@code upTo}; buffered and
   * future live events are delivered only above it.
   */
  public synchronized void start(List<WatchEvent> history, long upTo) {
    if (terminated) {
      return;
    }
    replay = new ArrayDeque<>(history);
    replayedUpTo = upTo;
    started = true;
    scheduleDrain();
  }

  /** Takes a live event (ignored unless its key is under the watch's prefix); never blocks. */
  public synchronized void offer(WatchEvent event) {
    if (terminated || !event.kv().key().startsWith(prefix)) {
      return;
    }
    if (live.size() >= capacity) {
      terminate(
          new StorageException(
              "watcher is too slow: more than "
                  + capacity
                  + " events waiting for the watch on prefix '"
                  + prefix
                  + "' at revision "
                  + event.revision()));
      return;
    }
    live.addLast(event);
    scheduleDrain();
  }

  /**
   * Takes a progress notification: every event up to {@code revision} has been offered already. Never blocks;
   * ignored when not above what was offered before.
   */
  public synchronized void offerProgress(long revision) {
    if (terminated || revision <= progressOffered) {
      return;
    }
    progressOffered = revision;
    scheduleDrain();
  }

  /** Asks the store behind this watch for progress, as {@link Watch#requestProgress} says. */
  @Override
  public void requestProgress() {
    synchronized (this) {
      if (terminated) {
        return;
      }
    }
    // Outside the lock: the store may take its own locks to tell its revision, then call offerProgress.
    progressRequester.accept(this);
  }

  @Override
  public void close() {
    terminate(null);
  }

  /** Stops delivery; the listener's onClose(cause) follows on the dispatcher. Later calls do nothing. */
  public synchronized void terminate(Throwable cause) {
    if (terminated) {
      return;
    }
    terminated = true;
    closeCause = cause;
    live.clear();
    replay.clear();
    unregister.accept(this);
    scheduleDrain();
  }

  /** Unregisters a watch that never started, without telling its listener (its caller got an exception). */
  public synchronized void abandon() {
    terminated = true;
    closeDelivered = true;
    live.clear();
    replay.clear();
    unregister.accept(this);
  }

  private void scheduleDrain() {
    if (scheduled || (!started && !terminated)) {
      return;
    }
    scheduled = true;
    try {
      dispatcher.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The store is shut down: nobody is left to call the listener on, so it is told here.
      scheduled = false;
      if (!closeDelivered) {
        closeDelivered = true;
        terminated = true;
        notifyClosed(closeCause != null ? closeCause : new StorageException("storage is closed", e));
      }
    }
  }

  private void drain() {
    for (int delivered = 0; delivered < DRAIN_BATCH; delivered++) {
      WatchEvent next;
      long progress = 0;
      Throwable cause = null;
      boolean close = false;
      synchronized (this) {
        if (terminated) {
          // scheduled stays true: after onClose nothing may run for this watch again.
          if (closeDelivered) {
            return;
          }
          closeDelivered = true;
          cause = closeCause;
          close = true;
          next = null;
        } else {
          next = nextEvent();
          if (next != null) {
            deliveredThrough = Math.max(deliveredThrough, next.revision());
          } else if (started && progressOffered > deliveredThrough) {
            progress = progressOffered;
            deliveredThrough = progress;
          } else {
            scheduled = false;
            return;
          }
        }
      }
      if (close) {
        notifyClosed(cause);
        return;
      }
      try {
        if (next != null) {
          listener.onEvent(next);
        } else {
          listener.onProgress(progress);
        }
      } catch (RuntimeException e) {
        terminate(
            new StorageException(
                "watch listener on prefix '"
                    + prefix
                    + "' failed on revision "
                    + (next != null ? next.revision() : progress),
                e));
      }
    }
    synchronized (this) {
      scheduled = false;
      scheduleDrain();
    }
  }

  private void notifyClosed(Throwable cause) {
    try {
      listener.onClose(cause);
    } catch (RuntimeException e) {
      LOG.warn("watch listener on prefix '{}' failed in onClose", prefix, e);
    }
  }

  private WatchEvent nextEvent() {
    WatchEvent fromHistory = replay.pollFirst();
    if (fromHistory != null) {
      return fromHistory;
    }
    WatchEvent event;
    while ((event = live.pollFirst()) != null) {
      if (event.revision() > replayedUpTo) {
        return event;
      }
    }
    return null;
  }
}
