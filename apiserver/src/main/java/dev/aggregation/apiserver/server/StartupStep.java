package dev.aggregation.apiserver.server;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One step of the server's assembly that needs nothing from the others until its result is used, run on a thread
 * of its own so that it overlaps with them (opening the store, the development certificates). Its result or its
 * failure is taken with {@link #join()}, exactly as if the step had run on the caller's thread.
 */
final class StartupStep<T> {
  private final FutureTask<T> task;

  private StartupStep(FutureTask<T> task) {
    this.task = task;
  }

  /** Starts {@code work} on a daemon thread named {@code startup-<name>}. */
  static <T> StartupStep<T> start(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "startup-" + name);
    thread.setDaemon(true);
    thread.start();
    return new StartupStep<>(task);
  }

  /** Waits for the step and returns its result, or throws what it threw. */
  T join() throws Exception {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * After a failure elsewhere: waits for the step and returns its result if it had one, so that the caller can
   * release it; the step's own failure, if any, is the one already on its way or of no more interest.
   */
  Optional<T> joinAfterFailure() {
    try {
      return Optional.ofNullable(task.get());
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
