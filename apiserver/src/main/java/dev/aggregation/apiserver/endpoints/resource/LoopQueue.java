package dev.aggregation.apiserver.endpoints.resource;

import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The work of the watch streams of one event loop, run on that loop in the order it was handed in, by one loop
 * task at a time: an event that the thousand watchers of a loop receive is one task for the loop to dispatch, not
 * a thousand. Every stream hands all of its work in here, so its writes keep the order they were produced in.
 */
final class LoopQueue {
  /** Tasks per turn, after which the loop gets to its sockets and timers before the rest. */
  private static final int TURN = 1_024;

  private final ContextInternal loop;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Whether a turn is queued or running on the loop; whoever sets it queues the turn. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * The queue of the loop that runs {@code context}. Vert.x gives every HTTP request a duplicate of its
   * connection's context; only its internal view tells which context the duplicates share.
   */
  static Context loopOf(Context context) {
    return ((ContextInternal) context).unwrap();
  }

  LoopQueue(Context loop) {
    this.loop = (ContextInternal) loop;
  }

  /** Runs {@code task} on the loop after every task handed in before it; never blocks. */
  void execute(Runnable task) {
    tasks.add(task);
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      loop.runOnContext(v -> turn());
    }
  }

  private void turn() {
    for (int ran = 0; ran < TURN; ran++) {
      Runnable task = tasks.poll();
      if (task == null) {
        scheduled.set(false);
        // a task added between the poll and the flag's reset saw the flag set and left itself to this turn
        if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // as Vert.x reports a failing runOnContext task; the other streams' work goes on
        loop.reportException(e);
      }
    }
    loop.runOnContext(v -> turn());
  }
}
