package dev.aggregation.apiserver.storage;

/** A create found the key already present. */
public class KeyExistsException extends StorageException {
  private final String key;

  public KeyExistsException(String key) {
    super("key exists: " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
