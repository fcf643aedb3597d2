package dev.aggregation.apiserver.storage;

/** A running watch; closing it stops delivery and calls the listener's {@code onClose(null)}. */
public interface Watch extends AutoCloseable {
  @Override
  void close();

  /**
   * Asks the store for a {@link WatchListener#onProgress} with its current revision once every event up to it
   * has been delivered (etcd's progress request). Never waits for the answer; a store that cannot tell does
   * nothing, which the default does.
   */
  default void requestProgress() {}
}
