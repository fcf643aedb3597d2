package dev.aggregation.apiserver.endpoints.resource;

import io.vertx.core.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link LoopQueue} per event loop that serves watches: as many as the server has loops, kept for its life. */
final class LoopQueues {
  private final ConcurrentMap<Context, LoopQueue> queues = new ConcurrentHashMap<>();

  /** The queue of the loop that runs {@code context} (a request's own context is a duplicate of its loop's). */
  LoopQueue of(Context context) {
    return queues.computeIfAbsent(LoopQueue.loopOf(context), LoopQueue::new);
  }
}
