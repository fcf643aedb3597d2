package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.endpoints.health.CheckResult;
import dev.aggregation.apiserver.endpoints.health.HealthCheck;
import dev.aggregation.apiserver.storage.cache.CachedStorage;
import java.util.List;

/**
 * {@code /readyz/watch-cache}: every resource's watch cache is synced with the store. Readiness only, like the
 * {@code etcd} check: a replica whose caches are (re)initializing leaves the Service until they are, but is not
 * restarted for it. Answers from memory, never waits.
 */
final class WatchCacheHealthCheck implements HealthCheck {
  private final CachedStorage cache;

  WatchCacheHealthCheck(CachedStorage cache) {
    this.cache = cache;
  }

  @Override
  public String name() {
    return "watch-cache";
  }

  @Override
  public CheckResult check() {
    List<String> unready = cache.unreadiness();
    return unready.isEmpty() ? CheckResult.ok() : CheckResult.failed(String.join("; ", unready));
  }
}
