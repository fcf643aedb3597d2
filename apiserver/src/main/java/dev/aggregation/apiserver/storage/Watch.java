package dev.aggregation.apiserver.storage;

/** A running watch; closing it stops delivery and calls the listener's {@code onClose(null)}. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
