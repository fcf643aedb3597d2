package dev.aggregation.apiserver.storage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watches of one store and the thread that calls their listeners. Events go into each watch's
 * bounded queue, by {@link #publish} (every matching watch: the embedded store's writer, in revision order) or
 * by {@link WatchSubscription#offer} (one watch: a backend whose server streams each watch apart, like etcd),
 * and nobody who offers ever waits for a listener; one dispatcher thread drains the queues and calls the
 * listeners. A watch whose queue fills up is closed as too slow rather than stalling writers or losing events
 * silently.
 */
public final class WatchHub {

  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final int queueCapacity;
  private final ExecutorService dispatcher;
  private final Set<WatchSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  public WatchHub(String name, int queueCapacity) {
    this(name, queueCapacity, 1);
  }

  /**
   * A hub whose listeners are called on {@code dispatcherThreads} threads: each watch is still delivered to by
   * one thread at a time, in order, but a listener that is slow to return holds up only its own thread.
   */
  public WatchHub(String name, int queueCapacity, int dispatcherThreads) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("watch queue capacity must be positive, got " + queueCapacity);
    }
    if (dispatcherThreads < 1) {
      throw new IllegalArgumentException("dispatcher threads must be positive, got " + dispatcherThreads);
    }
    this.queueCapacity = queueCapacity;
    AtomicInteger threads = new AtomicInteger();
    this.dispatcher =
        Executors.newFixedThreadPool(
            dispatcherThreads,
            task -> {
              Thread thread = new Thread(task, name + "-watch-dispatcher-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers a watch of the keys under {@code prefix} that starts buffering live events at once; it delivers
   * nothing until {@link WatchSubscription#start} hands it the history that precedes them.
   */
  public WatchSubscription register(String prefix, WatchListener listener) {
    return register(prefix, listener, () -> {});
  }

  /**
   * Like {@link #register(String, WatchListener)}; {@code onTerminate} runs once when the watch stops for
   * whatever reason (closed by its owner, too slow, a failing listener, the hub closing), under the watch's lock:
   * it must not block (a backend cancels its server-side watch there).
   */
  public WatchSubscription register(String prefix, WatchListener listener, Runnable onTerminate) {
    return register(prefix, listener, onTerminate, subscription -> {});
  }

  /**
   * Like {@link #register(String, WatchListener, Runnable)}; {@code onProgressRequest} answers the watch's {@link
   * Watch#requestProgress} (the backend calls {@link WatchSubscription#offerProgress} now or later); it must not
   * block for long.
   */
  public WatchSubscription register(
      String prefix, WatchListener listener, Runnable onTerminate, Consumer<WatchSubscription> onProgressRequest) {
    WatchSubscription subscription =
        new WatchSubscription(
            prefix,
            listener,
            queueCapacity,
            dispatcher,
            terminated -> {
              subscriptions.remove(terminated);
              onTerminate.run();
            },
            onProgressRequest);
    subscriptions.add(subscription);
    return subscription;
  }

  /** Offers {@code event} to every watch; the embedded store's writer calls it after each commit, in order. */
  public void publish(WatchEvent event) {
    for (WatchSubscription subscription : subscriptions) {
      subscription.offer(event);
    }
  }

  /** Offers progress up to {@code revision} to every watch (each event up to it was published before). */
  public void publishProgress(long revision) {
    for (WatchSubscription subscription : subscriptions) {
      subscription.offerProgress(revision);
    }
  }

  /** Closes every running watch with {@code cause}; the hub keeps serving watches registered later. */
  public void terminateAll(Throwable cause) {
    for (WatchSubscription subscription : subscriptions) {
      subscription.terminate(cause);
    }
  }

  /** Closes every watch with {@code cause}, lets the dispatcher tell their listeners, then stops it. */
  public void close(Throwable cause) {
    for (WatchSubscription subscription : subscriptions) {
      subscription.terminate(cause);
    }
    dispatcher.shutdown();
    try {
      if (!dispatcher.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "watch listeners did not return within {}s of shutdown; interrupting the dispatcher",
            SHUTDOWN_GRACE_SECONDS);
        dispatcher.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dispatcher.shutdownNow();
    }
  }
}
