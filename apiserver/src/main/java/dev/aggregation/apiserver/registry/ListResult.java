package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A listed page: hub objects, the revision it was read at, and when more remain, the full storage key to continue
 * from (the handler turns it into a continue token) and
 * (only without selectors) how many items remain.
 */
public record ListResult(List<ObjectNode> items, long revision, String continueKey, Long remainingItemCount) {}
