package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * A list as the registry runs it, after the handler parsed and validated the query.
 *
 * @param filter label and field selectors as one predicate over hub objects
 * @param limit 0 = all
 * @param startKey the full storage key to start from (from a continue token), or null
 * @param revision the revision to read at: from a continue token or an Exact resourceVersion; 0 = latest
 * @param minRevision for NotOlderThan: the read must see at least this revision (0 = any)
 */
public record ListRequest(
    Predicate<ObjectNode> filter, boolean filtered, int limit, String startKey, long revision, long minRevision) {

  public static ListRequest all() {
    return new ListRequest(o -> true, false, 0, null, 0, 0);
  }
}
