package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;

/** Opens the store the flags name: the embedded one in --data-dir (etcd arrives with its own backend). */
final class StorageFactory {
  private StorageFactory() {}

  static Storage open(ServerConfig.Storage config) {
    if (!config.etcdServers().isEmpty()) {
      throw new IllegalArgumentException(
          "--etcd-servers: the etcd backend is not available in this build yet; use the embedded store with --data-dir");
    }
    Path dataDir = config.dataDir().orElseThrow(() -> new IllegalArgumentException("--data-dir is required for the embedded store"));
    return SqliteStorage.open(dataDir);
  }
}
