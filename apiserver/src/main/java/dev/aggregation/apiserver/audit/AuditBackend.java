package dev.aggregation.apiserver.audit;

/** Where audit events go. Implementations keep the order in which events are given. */
public interface AuditBackend extends AutoCloseable {
  /** Takes {@code event} (one audit.k8s.io/v1 Event as JSON) if it can without blocking; false when it would have to wait. */
  boolean tryProcess(byte[] event);

  /** Takes {@code event}, waiting for room (Kubernetes' blocking mode). Never call it on an event loop. */
  void process(byte[] event);

  @Override
  void close();
}
