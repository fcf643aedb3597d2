package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StartupStepTest {
  @Test
  void joinReturnsTheResultOfTheStep() throws Exception {
    StartupStep<String> step = StartupStep.start("result", () -> Thread.currentThread().getName());

    assertThat(step.join()).isEqualTo("startup-result");
  }

  @Test
  void joinThrowsTheStepsOwnExceptionAsIfItRanOnTheCaller() {
    IOException failure = new IOException("--cert-dir /nowhere: read-only file system");
    StartupStep<String> step = StartupStep.start("failing", () -> {
      throw failure;
    });

    assertThatThrownBy(step::join).isSameAs(failure);
  }

  @Test
  void joinThrowsTheStepsErrorUnwrapped() {
    StackOverflowError failure = new StackOverflowError("deep");
    StartupStep<String> step = StartupStep.start("error", () -> {
      throw failure;
    });

    assertThatThrownBy(step::join).isSameAs(failure);
  }

  @Test
  void joinAfterFailureHandsOverWhatTheStepMadeSoThatItCanBeReleased() {
    StartupStep<String> step = StartupStep.start("made", () -> "an open store");

    assertThat(step.joinAfterFailure()).contains("an open store");
  }

  @Test
  void joinAfterFailureIsEmptyWhenTheStepFailedToo() {
    StartupStep<String> step = StartupStep.start("failed", () -> {
      throw new IllegalStateException("etcd unreachable");
    });

    assertThat(step.joinAfterFailure()).isEmpty();
  }
}
