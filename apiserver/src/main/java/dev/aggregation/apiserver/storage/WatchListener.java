package dev.aggregation.apiserver.storage;

/**
 * Receives the events of one watch, in revision order, each exactly once. Called on a storage thread: an
 * implementation must not block. {@link #onClose} is called once, with null when the watch was closed by its
 * owner, or with the cause ({@link CompactedException}, store shutdown, connection loss) otherwise.
 */
public interface WatchListener {
  void onEvent(WatchEvent event);

  void onClose(Throwable cause);
}
