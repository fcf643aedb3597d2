package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where audit events go. Implementations keep the order in which events are given. */
public interface AuditBackend extends AutoCloseable {
  /** Takes {@code event} if it can without blocking; false when it would have to wait. */
  boolean tryProcess(ObjectNode event);

  /** Takes {@code event}, waiting for room (Kubernetes' blocking mode). Never call it on an event loop. */
  void process(ObjectNode event);

  @Override
  void close();
}
