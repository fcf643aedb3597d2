package dev.aggregation.apiserver.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageContract;
import dev.aggregation.apiserver.storage.etcd.EtcdExtension;
import dev.aggregation.apiserver.storage.etcd.EtcdStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract, unchanged, through the watch cache on a real etcd (one etcd for the class, each test
 * under its own prefix, as {@code EtcdStorageTest}). The cache covers {@code /registry/}, every key the suite
 * writes.
 */
class CachedStorageOnEtcdTest extends StorageContract {

  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @Override
  protected Storage newStorage() throws InterruptedException {
    CachedStorage cached =
        CachedStorage.start(EtcdStorage.connect(etcd.options()), List.of("/registry/"), WatchCacheOptions.DEFAULTS);
    assertThat(cached.awaitReady(Duration.ofSeconds(30))).as("the cache syncs with etcd").isTrue();
    return cached;
  }

  @Override
  protected Storage reopen(Storage storage) throws InterruptedException {
    storage.close();
    return newStorage();
  }

  @Override
  protected boolean newStorageIsEmpty() {
    return false;
  }

  @Override
  protected boolean watchHistorySurvivesReopen() {
    return false;
  }
}
