package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.storage.KeyValue;

/**
 * Turns hub objects into stored bytes and back: stored objects are encoded in the kind's storage version,
 * whatever version the client used, and carry no resourceVersion (the store's modRevision is the
 * resourceVersion, set on every read).
 */
public final class StorageCodec {
  private final ResourceStrategy strategy;
  private final VersionDefinition storageVersion;

  public StorageCodec(ResourceStrategy strategy) {
    this.strategy = strategy;
    this.storageVersion = strategy.version(strategy.storageVersion());
    if (storageVersion == null) {
      throw new IllegalArgumentException(
          "storage version " + strategy.storageVersion() + " of " + strategy.groupResource() + " is not served");
    }
  }

  public byte[] encode(ObjectNode hub) {
    ObjectNode versioned = Conversions.fromHub(strategy, storageVersion, hub);
    Meta.of(versioned).remove("resourceVersion");
    return Json.bytes(versioned);
  }

  public ObjectNode decode(KeyValue kv) {
    return decode(kv.value(), kv.modRevision());
  }

  public ObjectNode decode(byte[] value, long revision) {
    ObjectNode stored = Json.readObject(value);
    ObjectNode hub = Conversions.toHub(strategy, storageVersion, stored);
    Meta.of(hub).put("resourceVersion", Long.toString(revision));
    return hub;
  }
}
