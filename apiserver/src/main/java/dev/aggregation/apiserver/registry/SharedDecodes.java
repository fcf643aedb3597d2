package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.aggregation.apiserver.storage.KeyValue;

/**
 * Decodes a stored object once for every watch that receives it: a write watched by a thousand clients is one
 * decode and conversion to the hub, not a thousand (kube-apiserver's watch cache shares one decoded object among
 * its watchers the same way). The hub objects handed out are shared, so nobody may modify them; the watch path
 * only reads them (filters, conversion to a version, which copies first).
 *
 * <p>An object at a revision never changes, so the cache needs no invalidation; its size only bounds how far
 * apart in time two watchers may take the same event and still share it.
 */
final class SharedDecodes {
  private static final int MAX_OBJECTS = 1_024;

  /** A stored object as a watch sees it: its key, the revision it was written at, and the revision it is shown at. */
  private record Version(String key, long modRevision, long shownAt) {}

  /** The object handed out last: the watchers of one event ask for it one after another. */
  private record Decoded(Version version, ObjectNode object) {}

  private final StorageCodec codec;
  private volatile Decoded last;
  private final Cache<Version, ObjectNode> decoded = CacheBuilder.newBuilder().maximumSize(MAX_OBJECTS).build();

  SharedDecodes(StorageCodec codec) {
    this.codec = codec;
  }

  /** The hub object of {@code kv}, at its own revision. */
  ObjectNode current(KeyValue kv) {
    return get(kv, kv.modRevision());
  }

  /** The hub object of {@code kv}, with its resourceVersion set to {@code revision} (a deletion's). */
  ObjectNode at(KeyValue kv, long revision) {
    return get(kv, revision);
  }

  private ObjectNode get(KeyValue kv, long revision) {
    Version version = new Version(kv.key(), kv.modRevision(), revision);
    Decoded seen = last;
    if (seen != null && seen.version().equals(version)) {
      return seen.object();
    }
    // a plain read first: the map view's computeIfAbsent locks the segment and allocates a loading reference
    // (with its future and stopwatch) even for an entry it has
    ObjectNode shared = decoded.getIfPresent(version);
    if (shared == null) {
      // the map view computes in place and lets the decoder's own error (a corrupt object) through, unwrapped
      shared = decoded.asMap().computeIfAbsent(version, v -> codec.decode(kv.value(), revision));
    }
    last = new Decoded(version, shared);
    return shared;
  }
}
