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

  private final Cache<ObjectNode, ConcurrentMap<Encoding, Buffer>> lines =
      CacheBuilder.newBuilder().weakKeys().maximumSize(MAX_EVENTS).build();

  /** The line of {@code hub} as a {@code type} event in {@code apiVersion}, encoding it with {@code encode} once. */
  Buffer line(ObjectNode hub, String apiVersion, String type, Supplier<byte[]> encode) {
    return lines.asMap().computeIfAbsent(hub, h -> new ConcurrentHashMap<>(4))
        .computeIfAbsent(new Encoding(apiVersion, type), k -> Buffer.buffer(encode.get()));
  }
}
