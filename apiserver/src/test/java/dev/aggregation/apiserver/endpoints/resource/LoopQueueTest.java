package dev.aggregation.apiserver.endpoints.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoopQueueTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static void await(CountDownLatch done) throws InterruptedException {
    assertThat(done.await(30, TimeUnit.SECONDS)).as("every task ran").isTrue();
  }

  @Test
  void tasksFromManyThreadsRunOnTheLoopInTheOrderEachThreadHandedThemIn() throws Exception {
    Context context = vertx.getOrCreateContext();
    LoopQueue queue = new LoopQueue(context);
    int threads = 4;
    int perThread = 5_000;
    ConcurrentLinkedQueue<int[]> ran = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Boolean> onLoop = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(threads * perThread);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int producer = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          int sequence = i;
          queue.execute(() -> {
            ran.add(new int[] {producer, sequence});
            onLoop.add(Context.isOnEventLoopThread() && Vertx.currentContext() != null);
            done.countDown();
          });
        }
      });
      thread.start();
      producers.add(thread);
    }
    for (Thread producer : producers) {
      producer.join();
    }
    await(done);

    int[] next = new int[threads];
    for (int[] task : ran) {
      assertThat(task[1]).as("the next task of producer " + task[0]).isEqualTo(next[task[0]]);
      next[task[0]]++;
    }
    assertThat(next).containsOnly(perThread);
    assertThat(onLoop).containsOnly(true);
  }

  @Test
  void aTaskHandedInByATaskOfTheLoopRunsAfterTheTasksBeforeIt() throws Exception {
    Context context = vertx.getOrCreateContext();
    LoopQueue queue = new LoopQueue(context);
    List<String> order = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);

    // handed in from the loop itself, so that both are queued before the loop runs either
    context.runOnContext(v -> {
      queue.execute(() -> {
        order.add("first");
        queue.execute(() -> {
          order.add("handed in by first");
          done.countDown();
        });
      });
      queue.execute(() -> order.add("second"));
    });
    await(done);

    assertThat(order).containsExactly("first", "second", "handed in by first");
  }

  @Test
  void aFailingTaskIsReportedToTheLoopAndTheNextTasksStillRun() throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Throwable> reported = new CompletableFuture<>();
    context.exceptionHandler(reported::complete);
    LoopQueue queue = new LoopQueue(context);
    CountDownLatch done = new CountDownLatch(1);

    queue.execute(() -> {
      throw new IllegalStateException("a stream's bug");
    });
    queue.execute(done::countDown);
    await(done);

    assertThat(reported.get(30, TimeUnit.SECONDS)).hasMessage("a stream's bug");
  }

  @Test
  void theRequestsOfOneLoopShareItsQueue() {
    LoopQueues queues = new LoopQueues();
    ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal firstRequest = loop.duplicate();
    ContextInternal secondRequest = loop.duplicate();

    assertThat(queues.of(firstRequest)).isSameAs(queues.of(secondRequest)).isSameAs(queues.of(loop));
  }
}
