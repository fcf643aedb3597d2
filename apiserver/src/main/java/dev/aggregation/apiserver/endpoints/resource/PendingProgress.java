package dev.aggregation.apiserver.endpoints.resource;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress notification of a watch stream on its way to the event loop: the revision the stream may say it has
 * reached once everything queued before it is written. While the loop has not taken it, a later progress raises
 * it instead of queueing a task of its own; so a run of progress notifications (events the filter dropped, the
 * cache's periodic progress) costs the loop one task, not one each. Only the last task a stream queued may be
 * raised: a progress after an event must not overtake it.
 */
final class PendingProgress {
  /** No revision is this low: the loop has taken the progress. */
  private static final long TAKEN = Long.MIN_VALUE;

  private final AtomicLong revision;

  PendingProgress(long revision) {
    this.revision = new AtomicLong(revision);
  }

  /** Raises the revision to {@code reached}; false when the loop has taken it already, and a new task must go. */
  boolean raise(long reached) {
    long current;
    do {
      current = revision.get();
      if (current == TAKEN) {
        return false;
      }
    } while (current < reached && !revision.compareAndSet(current, reached));
    return true;
  }

  /** The revision reached, on the loop; it cannot be raised afterwards. */
  long take() {
    return revision.getAndSet(TAKEN);
  }
}
