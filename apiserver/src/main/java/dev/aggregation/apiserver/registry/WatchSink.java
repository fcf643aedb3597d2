package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives a registry watch: events as Kubernetes types them (ADDED, MODIFIED, DELETED) with hub objects,
 * progress as the revision of every store event the filter dropped and of the store's progress notifications
 * (for bookmarks; an event carries its own revision), and the end.
 * Called on a storage thread: must not block. The hub object of an event is shared by every watch that receives
 * it (one decode per write, not per watcher): read it, convert it (conversion copies), never modify it.
 */
public interface WatchSink {
  void onEvent(String type, ObjectNode object);

  void onProgress(long revision);

  void onClose(Throwable cause);
}
