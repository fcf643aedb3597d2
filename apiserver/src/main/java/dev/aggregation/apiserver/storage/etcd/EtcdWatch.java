package dev.aggregation.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchSubscription;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch feeding one {@link WatchSubscription}: jetcd calls it on its gRPC threads, it maps each etcd
 * event and offers it to the subscription's bounded queue, which hands it to the listener on the store's
 * dispatcher; nothing here waits for a listener.
 *
 * <p>Any failure of the etcd stream ends the watch: a compaction with a {@link CompactedException}, a broken
 * connection with a {@link StorageException} that says up to which revision events were delivered. jetcd
 * would reconnect and resume on its own, but its resume point may move past events it has not delivered yet
 * (it jumps to the server's header revision when the new stream is created), so the watch ends and its owner
 * watches again from its last revision, as Kubernetes' watchers do.
 */
final class EtcdWatch implements Watch.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
  private final String prefix;
  private final Executor closer;

  // Guarded by this.
  private WatchSubscription subscription;
  private Watch.Watcher watcher;
  private boolean cancelled;
  /** Highest revision of the events offered so far, from earlier responses (etcd never splits a revision). */
  private long deliveredThrough;

  /**
   * @param afterRevision the revision the watch starts after
   * @param closer where the etcd watch is cancelled: never on the caller's thread, which may hold the
   *     subscription's lock while jetcd's close takes jetcd's own
   */
  EtcdWatch(String prefix, long afterRevision, Executor closer) {
    this.prefix = prefix;
    this.deliveredThrough = afterRevision;
    this.closer = closer;
  }

  synchronized void feed(WatchSubscription subscription) {
    this.subscription = subscription;
  }

  /** The etcd watch this adapter listens to; closed at once if the subscription already ended. */
  void attach(Watch.Watcher watcher) {
    boolean closeNow;
    synchronized (this) {
      this.watcher = watcher;
      closeNow = cancelled;
    }
    if (closeNow) {
      closeLater(watcher);
    }
  }

  /** The subscription ended (owner's close, too slow, store closing): stop etcd's stream. Never blocks. */
  void cancel() {
    Watch.Watcher toClose;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toClose = watcher;
    }
    if (toClose != null) {
      closeLater(toClose);
    }
  }

  /**
   * Asks etcd for a progress notification on this watch's stream (etcd 3.4+); it arrives in {@link #onNext} after
   * every event up to its revision. Never blocks: the request is queued on the gRPC stream.
   */
  void requestProgress() {
    Watch.Watcher current;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      current = watcher;
    }
    if (current != null) {
      try {
        current.requestProgress();
      } catch (RuntimeException e) {
        // A broken stream: onError ends this watch, which is the answer its owner acts on.
        LOG.debug("cannot request progress of the etcd watch on prefix '{}'", prefix, e);
      }
    }
  }

  private void closeLater(Watch.Watcher toClose) {
    try {
      closer.execute(toClose::close);
    } catch (RejectedExecutionException e) {
      // The store is closing: closing its client ends every etcd watch.
    }
  }

  @Override
  public void onNext(WatchResponse response) {
    WatchSubscription target;
    long floor;
    synchronized (this) {
      target = subscription;
      floor = deliveredThrough;
    }
    if (response.isProgressNotify()) {
      // etcd has sent every event of this watch up to the header's revision.
      target.offerProgress(response.getHeader().getRevision());
      return;
    }
    long highest = floor;
    try {
      for (io.etcd.jetcd.watch.WatchEvent etcdEvent : response.getEvents()) {
        WatchEvent event = event(etcdEvent);
        // Events of revisions an earlier response already carried would be duplicates.
        if (event.revision() > floor) {
          target.offer(event);
          highest = Math.max(highest, event.revision());
        }
      }
    } catch (RuntimeException e) {
      target.terminate(e);
      cancel();
      return;
    }
    synchronized (this) {
      deliveredThrough = Math.max(deliveredThrough, highest);
    }
  }

  @Override
  public void onError(Throwable error) {
    WatchSubscription target;
    long reached;
    synchronized (this) {
      target = subscription;
      reached = deliveredThrough;
    }
    if (error instanceof io.etcd.jetcd.common.exception.CompactedException compacted) {
      target.terminate(new CompactedException(reached, compacted.getCompactedRevision()));
    } else {
      target.terminate(
          new StorageException(
              "the etcd watch on prefix '"
                  + prefix
                  + "' broke after revision "
                  + reached
                  + "; watch again from there: "
                  + error.getMessage(),
              error));
    }
    cancel();
  }

  @Override
  public void onCompleted() {
    WatchSubscription target;
    long reached;
    synchronized (this) {
      target = subscription;
      reached = deliveredThrough;
    }
    // After our own cancel the subscription has ended already and this does nothing.
    target.terminate(
        new StorageException(
            "etcd ended the watch on prefix '" + prefix + "' after revision " + reached + "; watch again from there"));
  }

  private static WatchEvent event(io.etcd.jetcd.watch.WatchEvent event) {
    io.etcd.jetcd.KeyValue kv = event.getKeyValue();
    io.etcd.jetcd.KeyValue prev = event.getPrevKV();
    KeyValue previous = EtcdKeys.present(prev) ? EtcdKeys.keyValue(prev) : null;
    return switch (event.getEventType()) {
      case PUT -> new WatchEvent(
          WatchEvent.Type.PUT,
          EtcdKeys.keyValue(kv),
          // etcd omits prevKv on creation (and when the previous revision is compacted away).
          kv.getCreateRevision() == kv.getModRevision() ? null : previous);
      case DELETE -> new WatchEvent(
          WatchEvent.Type.DELETE,
          new KeyValue(
              kv.getKey().toString(UTF_8),
              null,
              previous == null ? 0 : previous.createRevision(),
              kv.getModRevision()),
          previous);
      case UNRECOGNIZED -> throw new StorageException(
          "etcd sent a watch event of an unknown type for key " + kv.getKey().toString(UTF_8));
    };
  }
}
