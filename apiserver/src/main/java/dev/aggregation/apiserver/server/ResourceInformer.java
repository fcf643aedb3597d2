package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.registry.StorageCodec;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One served resource's objects in hub form, held as kube's shared informer holds them for admission plugins
 * (sample-apiserver's BanFlunder reads Fischers from one): listed once, then kept current by a watch from the
 * list's revision, and listed again whenever that watch ends, the last state being served meanwhile.
 *
 * <p>Why not read the store on every request: a consistent list costs round trips to the store (on etcd its
 * current revision, then the watch cache catching up to it) on the path of every write the plugin admits, which
 * made CREATE on etcd wait three times for etcd instead of once. Like an informer's lister, what this returns
 * may lag a write acknowledged a moment ago; that is the reading Kubernetes' admission plugins have.
 */
final class ResourceInformer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceInformer.class);

  static final Duration FIRST_RETRY = Duration.ofMillis(200);
  static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final Storage storage;
  private final String prefix;
  private final StorageCodec codec;
  private final ScheduledExecutorService executor;
  private final CountDownLatch synced = new CountDownLatch(1);

  // Guarded by this.
  private NavigableMap<String, ObjectNode> objects = new TreeMap<>();
  /** The store's revision {@link #objects} are at: the list's, then each event's and progress notification's. */
  private long revision;
  private Watch watch;
  /** Which list and watch is current: events and ends of an older watch are ignored. */
  private long generation;
  private Duration retry = FIRST_RETRY;
  private boolean closed;

  /**
   * @param prefix the resource's key prefix (ends in '/')
   * @param executor where the lists run; one thread is enough for every informer
   */
  ResourceInformer(Storage storage, String prefix, StorageCodec codec, ScheduledExecutorService executor) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Starts the first list in the background. */
  void start() {
    schedule(Duration.ZERO);
  }

  /**
   * Copies of the objects under {@code collectionPrefix} (a prefix within this resource's), in key order, once
   * they include every write up to {@code notOlderThan}: waits at most {@code syncWait} for the first list, and
   * then at most {@code syncWait} again for that revision, after which the objects are answered as they are (an
   * informer's reading, which may lag).
   *
   * @param notOlderThan a revision this replica wrote under the prefix (0: any state will do)
   * @throws StorageException when the first list has not completed within {@code syncWait}
   */
  List<ObjectNode> list(String collectionPrefix, long notOlderThan, Duration syncWait) {
    try {
      if (!synced.await(syncWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new StorageException(
            "the objects under '" + prefix + "' have not been listed from the store yet (waited " + syncWait + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the first list of '" + prefix + "'", e);
    }
    List<ObjectNode> copies = new ArrayList<>();
    synchronized (this) {
      awaitRevision(notOlderThan, syncWait);
      for (Map.Entry<String, ObjectNode> entry : objects.tailMap(collectionPrefix, true).entrySet()) {
        if (!entry.getKey().startsWith(collectionPrefix)) {
          break;
        }
        // Callers own what they get, as with a fresh read: the held objects stay as the store has them.
        copies.add(entry.getValue().deepCopy());
      }
    }
    return copies;
  }

  /** Holding this: waits (bounded) until the objects are at {@code wanted} or later. */
  private void awaitRevision(long wanted, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (revision < wanted && !closed) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        LOG.debug("the objects under '{}' are at revision {}, not yet {}; answering them as they are", prefix, revision, wanted);
        return;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted while waiting for revision " + wanted + " under '" + prefix + "'", e);
      }
    }
  }

  /** Holding this: the objects are at {@code reached}. */
  private void advance(long reached) {
    if (reached > revision) {
      revision = reached;
      notifyAll();
    }
  }

  @Override
  public void close() {
    Watch toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
      toClose = watch;
      watch = null;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  private void schedule(Duration delay) {
    try {
      executor.schedule(this::sync, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The server is stopping: its executor is shut down before the informers close.
    }
  }

  /** Lists the prefix and watches it from the list's revision; on failure tries again after a backoff. */
  private void sync() {
    long attempt;
    synchronized (this) {
      if (closed) {
        return;
      }
      attempt = ++generation;
    }
    Watch started;
    try {
      ListPage page = storage.list(prefix, "", 0, 0);
      NavigableMap<String, ObjectNode> listed = new TreeMap<>();
      for (KeyValue kv : page.items()) {
        decode(kv).ifPresent(object -> listed.put(kv.key(), object));
      }
      synchronized (this) {
        if (closed || attempt != generation) {
          return;
        }
        objects = listed;
        advance(page.revision());
      }
      started = storage.watch(prefix, page.revision(), new Feed(attempt));
    } catch (RuntimeException e) {
      retryAfterFailure(attempt, e);
      return;
    }
    boolean current;
    synchronized (this) {
      current = !closed && attempt == generation;
      if (current) {
        watch = started;
        retry = FIRST_RETRY;
      }
    }
    if (!current) {
      started.close();
      return;
    }
    synced.countDown();
  }

  private void retryAfterFailure(long attempt, Throwable cause) {
    Duration delay;
    synchronized (this) {
      if (closed || attempt != generation) {
        return;
      }
      watch = null;
      delay = retry;
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }
    LOG.warn("listing and watching '{}' failed; trying again in {}: {}", prefix, delay, cause.getMessage());
    schedule(delay);
  }

  /** The object a stored value holds; empty, with a warning, when it cannot be read (it then counts as absent). */
  private Optional<ObjectNode> decode(KeyValue kv) {
    try {
      return Optional.of(codec.decode(kv));
    } catch (RuntimeException e) {
      LOG.warn("cannot read the stored object at '{}' (revision {}); it is left out: {}", kv.key(), kv.modRevision(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The events of one watch, applied while it is the current one. */
  private final class Feed implements WatchListener {
    private final long attempt;

    Feed(long attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onEvent(WatchEvent event) {
      Optional<ObjectNode> decoded = event.type() == WatchEvent.Type.PUT ? decode(event.kv()) : Optional.empty();
      synchronized (ResourceInformer.this) {
        if (closed || attempt != generation) {
          return;
        }
        if (decoded.isPresent()) {
          objects.put(event.kv().key(), decoded.get());
        } else {
          objects.remove(event.kv().key());
        }
        advance(event.revision());
      }
    }

    @Override
    public void onProgress(long reached) {
      synchronized (ResourceInformer.this) {
        if (!closed && attempt == generation) {
          advance(reached);
        }
      }
    }

    @Override
    public void onClose(Throwable cause) {
      if (cause == null) {
        return; // closed by this informer
      }
      LOG.info("the watch of '{}' ended; listing again: {}", prefix, cause.getMessage());
      retryAfterFailure(attempt, cause);
    }
  }
}
