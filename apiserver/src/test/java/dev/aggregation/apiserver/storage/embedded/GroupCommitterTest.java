package dev.aggregation.apiserver.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue and thread behind the embedded store's group commit, with a batch handler the test controls. */
class GroupCommitterTest {

  private static final long PATIENCE_SECONDS = 30;

  private final ExecutorService callers = Executors.newCachedThreadPool();
  /** The batches the handler was given, as the writes in them. */
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  /** Opened by the test to let the handler return from its first batch. */
  private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);

  private GroupCommitter<String, String> committer;

  @AfterEach
  void stop() {
    releaseFirstBatch.countDown();
    if (committer != null) {
      committer.close();
    }
    callers.shutdownNow();
  }

  @Test
  void aWriteAloneIsCommittedAtOnceAndAnswered() {
    committer = start(4, this::answerEach);
    releaseFirstBatch.countDown();

    assertThat(committer.submit("a")).isEqualTo("a committed");
    assertThat(batches).containsExactly(List.of("a"));
  }

  @Test
  void writesThatArriveWhileABatchCommitsFormTheNextBatchTogether() throws Exception {
    committer = start(10, this::answerEach);
    Future<String> first = callers.submit(() -> committer.submit("first"));
    awaitCondition("the first batch was taken", () -> committer.batchesTaken() == 1);
    List<Future<String>> later = new ArrayList<>();
    for (String write : List.of("b", "c", "d")) {
      later.add(callers.submit(() -> committer.submit(write)));
    }
    awaitCondition("three writes wait", () -> committer.waiting() == 3);

    releaseFirstBatch.countDown();

    assertThat(first.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("first committed");
    for (Future<String> write : later) {
      assertThat(write.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).endsWith(" committed");
    }
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void aBatchTakesNoMoreThanItsLimit() throws Exception {
    committer = start(2, this::answerEach);
    Future<String> first = callers.submit(() -> committer.submit("first"));
    awaitCondition("the first batch was taken", () -> committer.batchesTaken() == 1);
    List<Future<String>> later = new ArrayList<>();
    for (String write : List.of("b", "c", "d")) {
      later.add(callers.submit(() -> committer.submit(write)));
    }
    awaitCondition("three writes wait", () -> committer.waiting() == 3);

    releaseFirstBatch.countDown();

    first.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    for (Future<String> write : later) {
      write.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(batches).extracting(List::size).containsExactly(1, 2, 1);
  }

  @Test
  void eachWriteGetsItsOwnOutcomeFromTheBatch() throws Exception {
    committer =
        start(
            10,
            batch ->
                batch.forEach(
                    pending -> {
                      if (pending.write().startsWith("bad")) {
                        pending.fail(new IllegalArgumentException("refused " + pending.write()));
                      } else {
                        pending.succeed(pending.write() + " committed");
                      }
                    }));
    releaseFirstBatch.countDown();

    assertThat(committer.submit("good")).isEqualTo("good committed");
    assertThatThrownBy(() -> committer.submit("bad one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refused bad one");
  }

  @Test
  void aBatchWhoseHandlerThrowsFailsItsWritesAndTheCommitterGoesOn() {
    IllegalStateException disk = new IllegalStateException("disk gone");
    committer =
        start(
            10,
            batch -> {
              if (batches.size() == 1) {
                throw disk;
              }
              answerEach(batch);
            });
    releaseFirstBatch.countDown();

    assertThatThrownBy(() -> committer.submit("lost"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("test-store")
        .hasCause(disk);
    assertThat(committer.submit("next")).isEqualTo("next committed");
  }

  @Test
  void aWriteTheHandlerLeavesUnansweredFailsRatherThanHangs() {
    committer = start(10, batch -> {});
    releaseFirstBatch.countDown();

    assertThatThrownBy(() -> committer.submit("forgotten"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("left incomplete");
  }

  @Test
  void closingFailsTheWaitingWritesLetsTheBatchInHandFinishAndRefusesNewOnes() throws Exception {
    committer = start(10, this::answerEach);
    Future<String> inHand = callers.submit(() -> committer.submit("in hand"));
    awaitCondition("the first batch was taken", () -> committer.batchesTaken() == 1);
    Future<String> waiting = callers.submit(() -> committer.submit("waiting"));
    awaitCondition("a write waits", () -> committer.waiting() == 1);

    Future<?> closing = callers.submit(committer::close);
    assertThat(failureOf(waiting)).isInstanceOf(StorageException.class).hasMessage("test-store is closed");
    releaseFirstBatch.countDown();
    closing.get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(inHand.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("in hand committed");
    assertThatThrownBy(() -> committer.submit("late")).hasMessage("test-store is closed");
    assertThat(batches).containsExactly(List.of("in hand"));
  }

  @Test
  void anInterruptedCallerStillLearnsHowItsWriteEndedAndKeepsItsInterrupt() throws Exception {
    committer = start(10, this::answerEach);
    Future<String> interrupted =
        callers.submit(
            () -> {
              Thread.currentThread().interrupt();
              String outcome = committer.submit("a");
              return outcome + (Thread.currentThread().isInterrupted() ? ", still interrupted" : "");
            });
    awaitCondition("the batch was taken", () -> committer.batchesTaken() == 1);
    releaseFirstBatch.countDown();

    assertThat(interrupted.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("a committed, still interrupted");
  }

  private GroupCommitter<String, String> start(int maxBatch, Consumer<List<GroupCommitter.Pending<String, String>>> handler) {
    return new GroupCommitter<>(
        "test-store",
        maxBatch,
        batch -> {
          batches.add(batch.stream().map(GroupCommitter.Pending::write).toList());
          if (batches.size() == 1) {
            awaitUninterruptibly(releaseFirstBatch);
          }
          handler.accept(batch);
        },
        () -> new StorageException("test-store is closed"));
  }

  private void answerEach(List<GroupCommitter.Pending<String, String>> batch) {
    batch.forEach(pending -> pending.succeed(pending.write() + " committed"));
  }

  private static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
    try {
      future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the write succeeded");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the test never released the first batch");
        }
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a state the test cannot be told of; bounded only so that a broken committer fails, not hangs. */
  private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting until " + what);
      }
      Thread.sleep(1);
    }
  }
}
