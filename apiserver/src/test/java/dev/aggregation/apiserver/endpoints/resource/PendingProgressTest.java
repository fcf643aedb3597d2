package dev.aggregation.apiserver.endpoints.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingProgressTest {

  @Test
  void progressRaisedBeforeTheLoopTakesItIsTakenAtItsHighestRevision() {
    PendingProgress progress = new PendingProgress(5);

    assertThat(progress.raise(7)).isTrue();
    assertThat(progress.raise(9)).isTrue();

    assertThat(progress.take()).isEqualTo(9);
  }

  @Test
  void aLowerRevisionNeverLowersTheProgress() {
    PendingProgress progress = new PendingProgress(8);

    assertThat(progress.raise(3)).as("still pending, so nothing new to queue").isTrue();

    assertThat(progress.take()).isEqualTo(8);
  }

  @Test
  void progressTheLoopHasTakenCannotBeRaisedAnyMore() {
    PendingProgress progress = new PendingProgress(5);
    progress.take();

    assertThat(progress.raise(6)).as("the caller queues a new progress instead").isFalse();
  }
}
