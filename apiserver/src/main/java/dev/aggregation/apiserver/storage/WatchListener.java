package dev.aggregation.apiserver.storage;

/**
 * Receives the events of one watch, in revision order, each exactly once. Called on a storage thread: an
 * implementation must not block. {@link #onClose} is called once, with null when the watch was closed by its
 * owner, or with the cause ({@link CompactedException}, store shutdown, connection loss) otherwise.
 */
public interface WatchListener {
  void onEvent(WatchEvent event);

  void onClose(Throwable cause);

  /**
   * Every change under the watch's prefix with a revision up to {@code revision} has been delivered: a watch
   * started after {@code revision} would miss nothing. Comes in order with the events (never before an event at
   * or below it), only with a revision above every event delivered before, and only when the store learns it:
   * after {@link Watch#requestProgress}, or when a watch cache advances. Like Kubernetes' bookmarks, it lets a
   * watcher of a quiet prefix know how far the store has come. The default ignores it.
   */
  default void onProgress(long revision) {}
}
