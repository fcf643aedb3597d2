package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.storage.KeyValue;

/**
 * An object as a read found it in the store: its storage key and modRevision, which together name its bytes
 * (the store never writes two values at one revision), and its hub form, decoded from those bytes on first use.
 * A read path that can answer from something rendered earlier for the same key and revision never decodes.
 *
 * <p>Belongs to the request that read it: the decoded hub is memoized without synchronization.
 */
public final class StoredObject {
  private final KeyValue kv;
  private final StorageCodec codec;
  private ObjectNode hub;

  StoredObject(KeyValue kv, StorageCodec codec) {
    this.kv = kv;
    this.codec = codec;
  }

  /** The full storage key, unique to the object across the server's kinds. */
  public String key() {
    return kv.key();
  }

  /** The revision that wrote these bytes: the object's resourceVersion. */
  public long revision() {
    return kv.modRevision();
  }

  /** The hub object, decoded once; callers must not change it (copy it first). */
  public ObjectNode hub() {
    if (hub == null) {
      hub = codec.decode(kv);
    }
    return hub;
  }
}
