package dev.aggregation.apiserver.storage;

/** A read asked for a revision the store has not reached yet. */
public class FutureRevisionException extends StorageException {
  private final long requested;
  private final long current;

  public FutureRevisionException(long requested, long current) {
    super("revision " + requested + " is newer than the current revision " + current);
    this.requested = requested;
    this.current = current;
  }

  public long requested() {
    return requested;
  }

  public long current() {
    return current;
  }
}
