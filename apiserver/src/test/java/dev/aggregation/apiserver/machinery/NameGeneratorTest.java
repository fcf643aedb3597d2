package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class NameGeneratorTest {
  /** Always picks the same alphabet position, so the suffix is known. */
  private static RandomGenerator fixed(int index) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return index;
      }

      @Override
      public int nextInt(int bound) {
        return index;
      }
    };
  }

  @Test
  void appendsFiveCharactersFromTheKubernetesAlphabet() {
    assertThat(new NameGenerator(fixed(0)).generate("foo-")).isEqualTo("foo-bbbbb");
    assertThat(new NameGenerator(fixed(26)).generate("foo-")).isEqualTo("foo-99999");
  }

  @Test
  void usesOnlyTheAlphabet() {
    NameGenerator generator = new NameGenerator(new SplittableRandom(42));
    for (int i = 0; i < 200; i++) {
      assertThat(generator.generate("x").substring(1)).hasSize(5).matches("[bcdfghjklmnpqrstvwxz2456789]{5}");
    }
  }

  @Test
  void cutsThePrefixTo58Characters() {
    String name = new NameGenerator(fixed(1)).generate("a".repeat(70));
    assertThat(name).isEqualTo("a".repeat(58) + "ccccc").hasSize(63);
  }

  @Test
  void neverSplitsAMultiByteCharacter() {
    String name = new NameGenerator(fixed(0)).generate("a".repeat(57) + "é" + "zz");
    assertThat(name).isEqualTo("a".repeat(57) + "bbbbb");
  }
}
