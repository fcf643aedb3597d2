package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Computes the object to store from the current one (a private copy it may change), as Kubernetes'
 * GuaranteedUpdate does: it may run more than once when another writer got there first. It throws an
 * ApiException to reject (a stale resourceVersion from the client is a 409 it raises itself).
 */
@FunctionalInterface
public interface UpdateFunction {
  ObjectNode apply(ObjectNode current);
}
