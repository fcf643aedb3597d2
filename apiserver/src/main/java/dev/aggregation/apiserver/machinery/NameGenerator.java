package dev.aggregation.apiserver.machinery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Names for {@code metadata.generateName}, as apiserver's SimpleNameGenerator: the prefix cut to 58 bytes plus 5
 * characters from utilrand's alphabet (no vowels, no confusable digits, so no words and no 0/O, 1/l). The random
 * source is injected so tests and callers choose it; it must be safe for the threads that share this instance.
 */
public final class NameGenerator {
  public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  public static final int RANDOM_LENGTH = 5;
  public static final int MAX_NAME_LENGTH = 63;
  public static final int MAX_PREFIX_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH;

  private final RandomGenerator random;

  public NameGenerator(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public String generate(String prefix) {
    StringBuilder name = new StringBuilder(truncate(prefix));
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }

  /** At most 58 UTF-8 bytes, as Go slices the string, without splitting a character. */
  private static String truncate(String prefix) {
    if (prefix.getBytes(StandardCharsets.UTF_8).length <= MAX_PREFIX_LENGTH) {
      return prefix;
    }
    int bytes = 0;
    int end = 0;
    while (end < prefix.length()) {
      int cp = prefix.codePointAt(end);
      int width = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + width > MAX_PREFIX_LENGTH) {
        break;
      }
      bytes += width;
      end += Character.charCount(cp);
    }
    return prefix.substring(0, end);
  }
}
