package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.endpoints.health.CheckResult;
import dev.aggregation.apiserver.endpoints.health.HealthCheck;
import dev.aggregation.apiserver.storage.Storage;

/** The {@code etcd} health check of kube-apiserver, for whichever store serves: can it answer a read. */
final class StorageHealthCheck implements HealthCheck {
  private final Storage storage;

  StorageHealthCheck(Storage storage) {
    this.storage = storage;
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public CheckResult check() {
    try {
      storage.currentRevision();
      return CheckResult.ok();
    } catch (RuntimeException e) {
      return CheckResult.failed(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }
  }
}
