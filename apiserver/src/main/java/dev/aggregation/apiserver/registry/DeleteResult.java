package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a delete: {@code deleted} true when the object is gone (then {@code object} is its last
 * state), false when it only got a deletionTimestamp and waits for its finalizers.
 */
public record DeleteResult(boolean deleted, ObjectNode object) {}
