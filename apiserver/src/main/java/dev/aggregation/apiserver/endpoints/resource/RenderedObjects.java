package dev.aggregation.apiserver.endpoints.resource;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.aggregation.apiserver.registry.StoredObject;
import java.util.function.Supplier;

/**
 * The encoded forms of stored objects as responses carry them (an object in one version, a Table row of one
 * shape), by storage key and revision: a key at one revision always holds the same bytes, so whatever was
 * rendered from them once holds as long as the revision does. Reads of unchanged objects then skip decoding,
 * conversion and encoding, as kube-apiserver's watch cache keeps decoded objects and caches their
 * serializations per version. Bounded by the bytes it holds; a newer revision of a key simply misses and the
 * stale entry ages out.
 */
final class RenderedObjects {
  /** Enough for every rendering of some tens of thousands of small objects. */
  static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  private record Key(String storageKey, long revision, String rendering) {}

  private final Cache<Key, byte[]> cache;

  RenderedObjects(long maxBytes) {
    this.cache = CacheBuilder.newBuilder()
        .maximumWeight(maxBytes)
        .<Key, byte[]>weigher((key, bytes) -> bytes.length + 2 * (key.storageKey().length() + key.rendering().length()) + 64)
        .build();
  }

  /**
   * The bytes of {@code object} rendered as {@code rendering} names (which must say everything the bytes depend
   * on besides the object: version, shape, options), rendered now when not held.
   */
  byte[] get(StoredObject object, String rendering, Supplier<byte[]> render) {
    Key key = new Key(object.key(), object.revision(), rendering);
    // a plain read first: Guava's computeIfAbsent locks the key's segment even when the entry is there, once per
    // object of every list
    byte[] held = cache.getIfPresent(key);
    if (held != null) {
      return held;
    }
    // the map view computes in place and lets the renderer's own exception through, unwrapped
    return cache.asMap().computeIfAbsent(key, absent -> render.get());
  }
}
