package dev.aggregation.apiserver.storage;

/** A conditional update or delete expected another modRevision; {@code current} is what the store holds now. */
public class RevisionConflictException extends StorageException {
  private final transient KeyValue current;

  public RevisionConflictException(String key, long expected, KeyValue current) {
    super("revision conflict on " + key + ": expected " + expected + ", found " + current.modRevision());
    this.current = current;
  }

  public KeyValue current() {
    return current;
  }
}
