package dev.aggregation.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.aggregation.apiserver.storage.KeyValue;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.OptionsUtil;
import java.util.Arrays;

/**
 * Keys and values between the SPI (UTF-8 strings, byte arrays) and etcd (byte sequences compared as unsigned
 * bytes, which for UTF-8 is code point order, the order the SPI lists in).
 */
final class EtcdKeys {
  /** etcd's "from this key on" range end, and the key that starts the range of every key. */
  private static final ByteSequence ZERO = ByteSequence.from(new byte[] {0});

  private EtcdKeys() {}

  static ByteSequence bytes(String key) {
    return ByteSequence.from(key, UTF_8);
  }

  /**
   * The first key of a range over {@code prefix} that starts at {@code startKey} (null or empty: the first key
   * under the prefix); etcd rejects an empty key, and "\0" is the smallest one.
   */
  static ByteSequence rangeStart(String prefix, String startKey) {
    byte[] from = prefix.getBytes(UTF_8);
    if (startKey != null && !startKey.isEmpty()) {
      byte[] start = startKey.getBytes(UTF_8);
      if (Arrays.compareUnsigned(start, from) > 0) {
        from = start;
      }
    }
    return from.length == 0 ? ZERO : ByteSequence.from(from);
  }

  /** The exclusive end of the range of keys under {@code prefix} ("\0", etcd's "no end", for the empty one). */
  static ByteSequence rangeEnd(String prefix) {
    return prefix.isEmpty() ? ZERO : OptionsUtil.prefixEndOf(bytes(prefix));
  }

  static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
    return new KeyValue(
        kv.getKey().toString(UTF_8), kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
  }

  /** Whether etcd sent a key at all: an absent prevKv arrives as the empty default, with revision 0. */
  static boolean present(io.etcd.jetcd.KeyValue kv) {
    return kv != null && kv.getModRevision() != 0;
  }
}
