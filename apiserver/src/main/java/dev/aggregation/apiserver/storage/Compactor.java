package dev.aggregation.apiserver.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a store periodically, as kube-apiserver's etcd compactor does: every interval it compacts to the
 * revision it saw one interval earlier, so the history kept is always between one and two intervals long
 * (Kubernetes' default interval is 5 minutes). Watches that fall further behind get a {@link
 * CompactedException} and relist, which is what clients of kube-apiserver expect.
 */
public final class Compactor implements AutoCloseable {

  /** kube-apiserver's {@code --etcd-compaction-interval} default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

  private final Storage storage;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private ScheduledFuture<?> schedule;

  // Guarded by this: the revision seen at the previous tick, compacted to at the next one.
  private long previousRevision;

  private Compactor(Storage storage, ScheduledExecutorService executor, boolean ownsExecutor) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** Starts compacting {@code storage} every {@code interval} on a daemon thread the compactor owns. */
  public static Compactor start(Storage storage, Duration interval) {
    requirePositive(interval);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "storage-compactor");
              thread.setDaemon(true);
              return thread;
            });
    return new Compactor(storage, executor, true).schedule(interval);
  }

  /** Starts compacting {@code storage} every {@code interval} on {@code executor}, which the caller owns. */
  public static Compactor start(Storage storage, Duration interval, ScheduledExecutorService executor) {
    return new Compactor(storage, Objects.requireNonNull(executor, "executor"), false).schedule(interval);
  }

  /** A compactor that runs only when {@link #tick} is called (for whoever drives time itself). */
  static Compactor manual(Storage storage) {
    return new Compactor(storage, null, false);
  }

  private static void requirePositive(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the compaction interval must be positive, got " + interval);
    }
  }

  private Compactor schedule(Duration interval) {
    requirePositive(interval);
    long millis = interval.toMillis();
    // The first tick only records a revision: nothing is compacted until a whole interval of history exists.
    schedule = executor.scheduleWithFixedDelay(this::tickLogged, 0, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One tick: compacts to the revision seen at the previous tick (if any), then remembers the current one.
   *
   * @return the revision compacted to, 0 when nothing was compacted
   */
  synchronized long tick() {
    long compactTo = previousRevision;
    previousRevision = storage.currentRevision();
    if (compactTo == 0 || compactTo <= storage.compactedRevision()) {
      return 0;
    }
    storage.compact(compactTo);
    LOG.debug("compacted storage to revision {}", compactTo);
    return compactTo;
  }

  private void tickLogged() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The next tick tries again; a throwing task would silently end the schedule instead.
      LOG.warn("storage compaction failed; retrying at the next interval", e);
    }
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    if (ownsExecutor) {
      executor.shutdown();
    }
  }
}
