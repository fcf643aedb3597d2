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
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int left = a.codePointAt(i);
      int right = b.codePointAt(j);
      if (left != right) {
        return Integer.compare(left, right);
      }
      i += Character.charCount(left);
      j += Character.charCount(right);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
