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

  /**
   * Equality and hash written out: a record's generated ones go through method handles that, in a profile of
   * 500-object lists, were not inlined and took 6% of the CPU (500 lookups per list). The revision, the cheapest
   * to compare and the likeliest to differ, comes first.
   */
  private record Key(String storageKey, long revision, String rendering) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && revision == key.revision
          && storageKey.equals(key.storageKey)
          && rendering.equals(key.rendering);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * storageKey.hashCode() + Long.hashCode(revision)) + rendering.hashCode();
    }
  }

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
    return get(object.key(), object.revision(), rendering, render);
  }

  /** The bytes of the object stored under {@code storageKey} at {@code revision}, rendered as {@code rendering}. */
  byte[] get(String storageKey, long revision, String rendering, Supplier<byte[]> render) {
    Key key = new Key(storageKey, revision, rendering);
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
