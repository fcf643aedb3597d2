package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand in writes and wait; one committer thread takes every write waiting at that moment
 * and gives them to the batch handler as one batch, which commits them in one transaction (one fsync) and
 * completes each. Nothing waits for a batch to fill: a write that arrives while the store is idle is committed
 * at once, and writes that arrive while a commit runs form the next batch, so the batch size follows the load.
 *
 * @param <W> what a caller asks to be written
 * @param <R> what the caller gets back once its write is durable
 */
final class GroupCommitter<W, R> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  private final String name;
  private final int maxBatch;
  private final Consumer<List<Pending<W, R>>> batchHandler;
  private final Supplier<RuntimeException> closedFailure;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition writesWaiting = lock.newCondition();
  private final Thread committer;
  // Guarded by lock.
  private List<Pending<W, R>> waiting = new ArrayList<>();
  private boolean closed;
  private long batchesTaken;

  /**
   * One caller's write and the future its caller waits on. The batch handler completes every write it is given,
   * with a result or with the failure of that write alone; a write it leaves incomplete fails with the handler's
   * exception, or with a {@link StorageException} when the handler returned without completing it.
   */
  static final class Pending<W, R> {
    private final W write;
    private final CompletableFuture<R> outcome = new CompletableFuture<>();

    private Pending(W write) {
      this.write = write;
    }

    W write() {
      return write;
    }

    void succeed(R result) {
      outcome.complete(result);
    }

    void fail(RuntimeException failure) {
      outcome.completeExceptionally(failure);
    }

    boolean isDone() {
      return outcome.isDone();
    }
  }

  /**
   * @param name names the committer thread
   * @param maxBatch the most writes one batch takes: bounds a transaction's size (and the memory of its events)
   *     under a flood of writes
   * @param batchHandler commits one batch; runs on the committer thread only, so batches never overlap
   * @param closedFailure the failure of a write handed in after (or left waiting at) {@link #close}
   */
  GroupCommitter(
      String name,
      int maxBatch,
      Consumer<List<Pending<W, R>>> batchHandler,
      Supplier<RuntimeException> closedFailure) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }
    this.name = name;
    this.maxBatch = maxBatch;
    this.batchHandler = batchHandler;
    this.closedFailure = closedFailure;
    this.committer = new Thread(this::commitUntilClosed, name + "-committer");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Queues {@code write} and waits until the batch holding it is committed. Waits through interruption (the
   * write may commit in any case, so the caller must learn how it ended) and re-asserts the interrupt after.
   *
   * @throws RuntimeException the failure of this write: its own (a failed precondition) or its batch's
   */
  R submit(W write) {
    Pending<W, R> pending = new Pending<>(write);
    lock.lock();
    try {
      if (closed) {
        throw closedFailure.get();
      }
      waiting.add(pending);
      writesWaiting.signal();
    } finally {
      lock.unlock();
    }
    return awaitOutcome(pending);
  }

  /** How many writes wait for the committer to take them (not those in the batch being committed). */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many batches the committer has taken since it started. */
  long batchesTaken() {
    lock.lock();
    try {
      return batchesTaken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking writes: the writes still waiting fail with the closed failure at once, and this returns once
   * the batch being committed (if any) has finished. Idempotent.
   */
  @Override
  public void close() {
    List<Pending<W, R>> abandoned;
    lock.lock();
    try {
      closed = true;
      abandoned = takeAll();
      writesWaiting.signal();
    } finally {
      lock.unlock();
    }
    abandoned.forEach(pending -> pending.fail(closedFailure.get()));
    if (Thread.currentThread() == committer) {
      return;
    }
    boolean interrupted = false;
    while (committer.isAlive()) {
      try {
        committer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void commitUntilClosed() {
    try {
      List<Pending<W, R>> batch;
      while ((batch = nextBatch()) != null) {
        commit(batch);
      }
    } finally {
      // Reached on close, or should this thread die anyway: no write may wait for a committer that is gone.
      List<Pending<W, R>> abandoned;
      lock.lock();
      try {
        closed = true;
        abandoned = takeAll();
      } finally {
        lock.unlock();
      }
      abandoned.forEach(pending -> pending.fail(closedFailure.get()));
    }
  }

  /** Blocks until writes wait and takes up to {@link #maxBatch} of them; null once closed. */
  private List<Pending<W, R>> nextBatch() {
    lock.lock();
    try {
      while (waiting.isEmpty() && !closed) {
        writesWaiting.awaitUninterruptibly();
      }
      if (closed) {
        return null;
      }
      batchesTaken++;
      if (waiting.size() <= maxBatch) {
        List<Pending<W, R>> batch = waiting;
        waiting = new ArrayList<>();
        return batch;
      }
      List<Pending<W, R>> head = waiting.subList(0, maxBatch);
      List<Pending<W, R>> batch = new ArrayList<>(head);
      head.clear();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Empties the queue; call with the lock held. */
  private List<Pending<W, R>> takeAll() {
    List<Pending<W, R>> all = waiting;
    waiting = new ArrayList<>();
    return all;
  }

  /** Runs the handler; whatever it throws fails the writes it left incomplete, and the committer goes on. */
  private void commit(List<Pending<W, R>> batch) {
    try {
      batchHandler.accept(batch);
    } catch (RuntimeException | Error e) {
      LOG.error("{}: a batch of {} writes failed", name, batch.size(), e);
      for (Pending<W, R> pending : batch) {
        pending.fail(new StorageException(name + ": the commit of this write failed", e));
      }
      return;
    }
    for (Pending<W, R> pending : batch) {
      if (!pending.isDone()) {
        pending.fail(new StorageException(name + ": the write was left incomplete by its batch"));
      }
    }
  }

  private static <R> R awaitOutcome(Pending<?, R> pending) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pending.outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw rethrowable(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrowable(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new StorageException("a write failed", failure);
  }
}
