package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.endpoints.health.HealthCheck;
import dev.aggregation.apiserver.storage.Compactor;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.cache.CachedStorage;
import dev.aggregation.apiserver.storage.cache.WatchCacheOptions;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import dev.aggregation.apiserver.storage.etcd.EtcdCompactor;
import dev.aggregation.apiserver.storage.etcd.EtcdOptions;
import dev.aggregation.apiserver.storage.etcd.EtcdStorage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Opens the store the flags name, with what compacts it: etcd with the compactor that takes turns with the other
 * replicas when --etcd-servers is given, else the embedded store in --data-dir with its own compactor. An
 * --etcd-compaction-interval of 0 turns compaction off, as in kube-apiserver. Unless --watch-cache=false, the
 * store is served through the watch cache of the served resources' prefixes.
 */
final class StorageFactory {
  private StorageFactory() {}

  /**
   * The open store (the watch cache when on), its compactor (closing it stops compaction, not the store), and
   * the readiness-only checks the store adds.
   */
  record OpenedStorage(Storage storage, AutoCloseable compactor, List<HealthCheck> readinessChecks) {}

  /**
   * @param cachedPrefixes the key prefix of every served resource ({@code <etcd-prefix>/<group>/<resource>/})
   */
  static OpenedStorage open(ServerConfig.Storage config, Collection<String> cachedPrefixes) {
    Duration interval = config.etcdCompactionInterval();
    boolean compact = !interval.isZero() && !interval.isNegative();
    Storage backend;
    AutoCloseable compactor;
    if (!config.etcdServers().isEmpty()) {
      EtcdStorage etcd = EtcdStorage.connect(etcdOptions(config));
      backend = etcd;
      compactor = compact ? EtcdCompactor.start(etcd, interval) : () -> {};
    } else {
      Path dataDir =
          config.dataDir().orElseThrow(() -> new IllegalArgumentException("--data-dir is required for the embedded store"));
      SqliteStorage embedded = SqliteStorage.open(dataDir);
      backend = embedded;
      compactor = compact ? Compactor.start(embedded, interval) : () -> {};
    }
    if (!config.watchCache() || cachedPrefixes.isEmpty()) {
      return new OpenedStorage(backend, compactor, List.of());
    }
    WatchCacheOptions options = WatchCacheOptions.DEFAULTS.withMaxHistoryBytes(
        historyBytesPerPrefix(Runtime.getRuntime().maxMemory(), cachedPrefixes.size()));
    CachedStorage cached = CachedStorage.start(backend, cachedPrefixes, options);
    return new OpenedStorage(cached, compactor, List.of(new WatchCacheHealthCheck(cached)));
  }

  /**
   * A quarter of the heap for the watch cache's history, shared evenly among the cached resources: with the
   * image's 256 MiB heap, 32 MiB (about 28,000 events of a 1 KiB object) for each of wardle's two. Under a
   * sustained few thousand writes per second that is some seconds of history rather than kube's 75 s (a watcher
   * further behind relists); at everyday rates the 75 s bound is reached first.
   */
  static long historyBytesPerPrefix(long maxHeapBytes, int prefixes) {
    return Math.max(1, maxHeapBytes / 4 / Math.max(1, prefixes));
  }

  private static EtcdOptions etcdOptions(ServerConfig.Storage config) {
    List<URI> endpoints;
    try {
      endpoints = config.etcdServers().stream().map(URI::create).toList();
      return EtcdOptions.of(endpoints).withTls(config.etcdCaFile(), config.etcdCertFile(), config.etcdKeyFile());
    } catch (IllegalArgumentException e) {
      throw new StorageException("--etcd-servers " + String.join(",", config.etcdServers()) + ": " + e.getMessage(), e);
    }
  }
}
