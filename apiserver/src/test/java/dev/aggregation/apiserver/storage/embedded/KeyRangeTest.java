package dev.aggregation.apiserver.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRangeTest {

  @Test
  void endsRightAfterTheLastKeyThatStartsWithThePrefix() {
    assertThat(KeyRange.ofPrefix("/registry/flunders/").end()).isEqualTo("/registry/flunders0");
  }

  @Test
  void anEmptyPrefixCoversEveryKey() {
    assertThat(KeyRange.ofPrefix("").end()).isNull();
  }

  @Test
  void stepsOverTheSurrogateRangeAndPastTheLastCodePoint() {
    assertThat(KeyRange.ofPrefix("a\uD7FF").end()).isEqualTo("a\uE000");
    assertThat(KeyRange.ofPrefix("a" + new String(Character.toChars(Character.MAX_CODE_POINT))).end())
        .isEqualTo("b");
    assertThat(KeyRange.ofPrefix("\uFFFF").end()).isEqualTo(new String(Character.toChars(0x10000)));
  }

  @Test
  void containsExactlyTheKeysWithThePrefix() {
    KeyRange range = KeyRange.ofPrefix("/a/b/");

    assertThat(range.contains("/a/b/c")).isTrue();
    assertThat(range.contains("/a/bc/d")).isFalse();
    assertThat(range.contains("/a/b")).isFalse();
  }
}
