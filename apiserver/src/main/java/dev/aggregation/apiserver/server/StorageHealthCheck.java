package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.endpoints.health.CheckResult;
import dev.aggregation.apiserver.endpoints.health.HealthCheck;
import dev.aggregation.apiserver.storage.Storage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code etcd} readiness check of kube-apiserver, for whichever store serves: can it answer a read within
 * {@code timeout} (kube's {@code --etcd-readycheck-timeout}, 2 s). It is a readiness check only: a store that
 * is down makes the replica unready (out of the Service) but not dead, since restarting it would not bring
 * etcd back. At most one probe runs at a time; a check while one is running waits on that one.
 */
final class StorageHealthCheck implements HealthCheck, AutoCloseable {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final Storage storage;
  private final Duration timeout;
  private final ExecutorService prober =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "storage-readiness-probe");
            thread.setDaemon(true);
            return thread;
          });
  private CompletableFuture<Long> running;

  StorageHealthCheck(Storage storage, Duration timeout) {
    this.storage = storage;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public CheckResult check() {
    CompletableFuture<Long> probe = probe();
    try {
      probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return CheckResult.ok();
    } catch (TimeoutException e) {
      return CheckResult.failed("the store did not answer within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return CheckResult.failed(cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed("interrupted");
    }
  }

  private synchronized CompletableFuture<Long> probe() {
    if (running == null || running.isDone()) {
      running = CompletableFuture.supplyAsync(storage::currentRevision, prober);
    }
    return running;
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
