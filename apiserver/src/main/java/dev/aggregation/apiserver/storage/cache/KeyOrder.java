package dev.aggregation.apiserver.storage.cache;

import java.util.Comparator;

/**
 * The order the SPI lists keys in: etcd compares keys as UTF-8 bytes, which is code point order. Java's {@link
 * String#compareTo} compares UTF-16 units and disagrees for code points above U+FFFF against U+E000..U+FFFF.
 */
final class KeyOrder {
  static final Comparator<String> CODE_POINTS = KeyOrder::compare;

  private KeyOrder() {}

  static int compare(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int k = 0; k < common; k++) {
      char left = a.charAt(k);
      char right = b.charAt(k);
      if (left != right) {
        // UTF-16 order is code point order unless a surrogate meets a unit above it; keys are almost all ASCII
        if (Character.isSurrogate(left) || Character.isSurrogate(right)) {
          // the units before k are equal: a high surrogate just before k starts the same code point in both
          int start = k > 0 && Character.isHighSurrogate(a.charAt(k - 1)) ? k - 1 : k;
          return Integer.compare(a.codePointAt(start), b.codePointAt(start));
        }
        return Character.compare(left, right);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
