package dev.aggregation.apiserver.storage;

/** An update or delete found no such key. */
public class KeyNotFoundException extends StorageException {
  private final String key;

  public KeyNotFoundException(String key) {
    super("key not found: " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
