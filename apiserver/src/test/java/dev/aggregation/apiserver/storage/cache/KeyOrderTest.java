package dev.aggregation.apiserver.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  /** etcd's order: keys compared as UTF-8 bytes, unsigned. */
  private static int etcdOrder(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static final int[] CODE_POINTS = {'a', 'b', '/', '-', 0xE9, 0x4E2D, 0xE000, 0xFFFD, 0x1F600, 0x1F601, 0x10000};

  private static String key(SplittableRandom random, String prefix) {
    StringBuilder key = new StringBuilder(prefix);
    int length = random.nextInt(4);
    for (int i = 0; i < length; i++) {
      key.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
    }
    return key.toString();
  }

  @Test
  void ordersKeysAsEtcdOrdersTheirUtf8Bytes() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      String prefix = random.nextBoolean() ? "/registry/wardle.example.com/flunders/default/" : key(random, "");
      String a = key(random, prefix);
      String b = key(random, prefix);
      assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(etcdOrder(a, b)));
    }
  }

  @Test
  void placesACodePointBeyondTheBasicPlaneAfterThePrivateUseArea() {
    // UTF-16 would put the surrogate pair (0xD83D...) before U+E000; etcd puts it after
    assertThat(KeyOrder.compare("/k/\uD83D\uDE00", "/k/\uE000")).isPositive();
    assertThat(KeyOrder.compare("/k/\uD83D\uDE00", "/k/\uD83D\uDE01")).isNegative();
    assertThat(KeyOrder.compare("/k/a", "/k/ab")).isNegative();
    assertThat(KeyOrder.compare("/k/a", "/k/a")).isZero();
  }
}
