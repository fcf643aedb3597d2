package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives a registry watch: events as Kubernetes types them (ADDED, MODIFIED, DELETED) with hub objects,
 * progress as the revision of every store event (also those the filter dropped, for bookmarks), and the end.
 * Called on a storage thread: must not block.
 */
public interface WatchSink {
  void onEvent(String type, ObjectNode object);

  void onProgress(long revision);

  void onClose(Throwable cause);
}
