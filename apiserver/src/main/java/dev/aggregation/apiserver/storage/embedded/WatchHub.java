package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed writes out to the running watches. The writer publishes each event, in revision order, into
 * every matching watch's bounded queue and never waits for a listener; one dispatcher thread drains the queues
 * and calls the listeners. A watch whose queue fills up is closed as too slow rather than stalling writers or
 * losing events silently.
 */
final class WatchHub {

  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final int queueCapacity;
  private final ExecutorService dispatcher;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  WatchHub(String name, int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("watch queue capacity must be positive, got " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
    AtomicInteger threads = new AtomicInteger();
    this.dispatcher =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, name + "-watch-dispatcher-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers a watch that starts buffering live events at once; it delivers nothing until {@link
   * Subscription#start} hands it the history that precedes them.
   */
  Subscription register(KeyRange range, WatchListener listener) {
    Subscription subscription =
        new Subscription(range, listener, queueCapacity, dispatcher, subscriptions::remove);
    subscriptions.add(subscription);
    return subscription;
  }

  /** Called by the single writer after each commit, in revision order. */
  void publish(WatchEvent event) {
    for (Subscription subscription : subscriptions) {
      subscription.offer(event);
    }
  }

  /** Closes every watch with {@code cause}, lets the dispatcher tell their listeners, then stops it. */
  void close(Throwable cause) {
    for (Subscription subscription : subscriptions) {
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
