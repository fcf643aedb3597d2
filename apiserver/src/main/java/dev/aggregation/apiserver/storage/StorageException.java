package dev.aggregation.apiserver.storage;

/** A failure of the store itself (I/O, corruption, connection); the API answers it with 500. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
