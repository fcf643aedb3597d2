package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The encoded watch lines of live events, shared by every watch that writes the same event in the same version:
 * a write watched by a thousand controllers is converted and encoded once per version, not a thousand times
 * (kube-apiserver caches the serialization of a watch event per encoding the same way).
 *
 * <p>Keyed by the identity of the event's hub object, which the registry shares among the watches of a kind
 * (weak keys compare by identity, and an entry goes with its object); an object is never modified once shared,
 * so a line never goes stale. The line is one {@link Buffer} that every stream writes as it is: Vert.x writes a
 * buffer without consuming it, so a thousand watchers share one copy of the bytes.
 */
final class EncodedWatchEvents {
  private static final int MAX_EVENTS = 1_024;

  /** One encoding of an event: the version it is shown in and its watch event type. */
  private record Encoding(String apiVersion, String type) {}

  /** The line handed out last: the watchers of one event ask for it one after another. */
  private record Encoded(ObjectNode hub, Encoding encoding, Buffer line) {}

  private volatile Encoded last;

  private final Cache<ObjectNode, ConcurrentMap<Encoding, Buffer>> lines =
      CacheBuilder.newBuilder().weakKeys().maximumSize(MAX_EVENTS).build();

  /** The line of {@code hub} as a {@code type} event in {@code apiVersion}, encoding it with {@code encode} once. */
  Buffer line(ObjectNode hub, String apiVersion, String type, Supplier<byte[]> encode) {
    Encoding encoding = new Encoding(apiVersion, type);
    Encoded seen = last;
    if (seen != null && seen.hub() == hub && seen.encoding().equals(encoding)) {
      return seen.line();
    }
    // a plain read first: the map view's computeIfAbsent locks and allocates even for an entry it has
    ConcurrentMap<Encoding, Buffer> encodings = lines.getIfPresent(hub);
    if (encodings == null) {
      encodings = lines.asMap().computeIfAbsent(hub, h -> new ConcurrentHashMap<>(4));
    }
    Buffer line = encodings.get(encoding);
    if (line == null) {
      line = encodings.computeIfAbsent(encoding, k -> Buffer.buffer(encode.get()));
    }
    last = new Encoded(hub, encoding, line);
    return line;
  }
}
