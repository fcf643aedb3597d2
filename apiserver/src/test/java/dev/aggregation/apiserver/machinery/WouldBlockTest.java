package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class WouldBlockTest {
  @Test
  void theBlockingVariantGivesWhatTheSharedCodeReturns() {
    assertThat(WouldBlock.blocking(() -> "answer")).isEqualTo("answer");
  }

  @Test
  void theBlockingVariantPassesTheSharedCodesOwnFailureOn() {
    assertThatThrownBy(() -> WouldBlock.blocking(() -> {
      throw new IOException("the store is gone");
    })).isInstanceOf(IOException.class).hasMessage("the store is gone");
  }

  @Test
  void aBlockingVariantThatRefusesToBlockIsAnError() {
    assertThatThrownBy(() -> WouldBlock.blocking(() -> {
      throw new WouldBlock("a review");
    })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(WouldBlock.class);
  }
}
