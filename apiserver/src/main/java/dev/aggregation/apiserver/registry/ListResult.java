package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A listed page: the objects as stored (decoded on demand), the revision it was read at, and when more remain,
 * the full storage key to continue from (the handler turns it into a continue token) and
 * (only without selectors) how many items remain.
 */
public record ListResult(List<StoredObject> objects, long revision, String continueKey, Long remainingItemCount) {
  public ListResult {
    objects = List.copyOf(objects);
  }

  /** The hub objects, decoded. */
  public List<ObjectNode> items() {
    return objects.stream().map(StoredObject::hub).toList();
  }
}
