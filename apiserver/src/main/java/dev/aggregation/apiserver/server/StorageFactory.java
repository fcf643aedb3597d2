package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.storage.Compactor;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import dev.aggregation.apiserver.storage.etcd.EtcdCompactor;
import dev.aggregation.apiserver.storage.etcd.EtcdOptions;
import dev.aggregation.apiserver.storage.etcd.EtcdStorage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Opens the store the flags name, with what compacts it: etcd with the compactor that takes turns with the other
 * replicas when --etcd-servers is given, else the embedded store in --data-dir with its own compactor. An
 * --etcd-compaction-interval of 0 turns compaction off, as in kube-apiserver.
 */
final class StorageFactory {
  private StorageFactory() {}

  /** The open store and its compactor; closing the compactor stops compaction, not the store. */
  record OpenedStorage(Storage storage, AutoCloseable compactor) {}

  static OpenedStorage open(ServerConfig.Storage config) {
    Duration interval = config.etcdCompactionInterval();
    boolean compact = !interval.isZero() && !interval.isNegative();
    if (!config.etcdServers().isEmpty()) {
      EtcdStorage etcd = EtcdStorage.connect(etcdOptions(config));
      return new OpenedStorage(etcd, compact ? EtcdCompactor.start(etcd, interval) : () -> {});
    }
    Path dataDir =
        config.dataDir().orElseThrow(() -> new IllegalArgumentException("--data-dir is required for the embedded store"));
    SqliteStorage embedded = SqliteStorage.open(dataDir);
    return new OpenedStorage(embedded, compact ? Compactor.start(embedded, interval) : () -> {});
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
