package dev.aggregation.apiserver.storage.etcd;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts etcd once per interval across every apiserver replica, as kube-apiserver's compactor does
 * (k8s.io/apiserver/pkg/storage/etcd3/compact.go). Compaction is global to etcd, so replicas take turns
 * instead of each compacting on its own clock.
 *
 * <p>The turn is the key {@code compact_rev_key}: its version counts compactions (the "compact time" every
 * replica agrees on) and its value is the revision the turn's holder compacts to. At each tick a replica
 * compares the version with the one it saw last: if equal, a transaction writes the revision it saw one tick
 * earlier (the version goes up by one) and the replica compacts to it; if another replica got there first, the
 * transaction fails, the replica learns the new version and the current revision, and tries again at its next
 * tick. So in steady state one replica compacts per interval to the revision of one interval earlier (history
 * kept: one to two intervals); when that replica dies, another takes over within two intervals.
 */
public final class EtcdCompactor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdCompactor.class);

  private final EtcdStorage storage;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> schedule;

  // Guarded by this: the compact_rev_key version seen last, and etcd's revision at the previous tick.
  private long compactTime;
  private long previousRevision;

  private EtcdCompactor(EtcdStorage storage, ScheduledExecutorService executor) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.executor = executor;
  }

  /** Starts taking compaction turns every {@code interval} on a daemon thread the compactor owns. */
  public static EtcdCompactor start(EtcdStorage storage, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the compaction interval must be positive, got " + interval);
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "etcd-compactor");
              thread.setDaemon(true);
              return thread;
            });
    EtcdCompactor compactor = new EtcdCompactor(storage, executor);
    long millis = interval.toMillis();
    // As kube-apiserver: the first turn comes one interval after the start, and compacts nothing.
    compactor.schedule = executor.scheduleWithFixedDelay(compactor::tickLogged, millis, millis, TimeUnit.MILLISECONDS);
    return compactor;
  }

  /** A compactor that takes a turn only when {@link #tick} is called (tests drive the clock). */
  static EtcdCompactor manual(EtcdStorage storage) {
    return new EtcdCompactor(storage, null);
  }

  /**
   * One turn: claims compaction if no replica did since this one last looked, and then compacts to the
   * revision seen at the previous tick.
   *
   * @return the revision compacted to, 0 when this replica did not compact
   */
  synchronized long tick() {
    long compactTo = previousRevision;
    EtcdStorage.CompactionTurn turn = storage.claimCompactionTurn(compactTime, compactTo);
    compactTime = turn.version();
    previousRevision = turn.headerRevision();
    if (!turn.claimed()) {
      LOG.debug("another replica holds compaction turn {} (to revision {})", turn.version(), turn.recordedRevision());
      return 0;
    }
    if (compactTo == 0) {
      // The first turn after start: no interval of history exists yet.
      return 0;
    }
    storage.compact(compactTo);
    LOG.info("compacted etcd to revision {} (compaction turn {})", compactTo, turn.version());
    return compactTo;
  }

  private void tickLogged() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The next tick tries again; a throwing task would silently end the schedule instead.
      LOG.warn("etcd compaction failed; retrying at the next interval", e);
    }
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    if (executor != null) {
      executor.shutdown();
    }
  }
}
