package dev.aggregation.apiserver.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageContract;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract, unchanged, through the watch cache on the embedded store. The cache covers every key
 * the suite writes ({@code /registry/}), so lists at the newest revision and every watch are served from
 * memory. Its window starts when it is opened, which the reopen clause of the contract says.
 */
class CachedStorageOnSqliteTest extends StorageContract {

  @TempDir Path dataDir;

  @Override
  protected Storage newStorage() throws InterruptedException {
    CachedStorage cached =
        CachedStorage.start(SqliteStorage.open(dataDir), List.of("/registry/"), WatchCacheOptions.DEFAULTS);
    assertThat(cached.awaitReady(Duration.ofSeconds(30))).as("the cache syncs with the store").isTrue();
    return cached;
  }

  @Override
  protected Storage reopen(Storage storage) throws InterruptedException {
    storage.close();
    return newStorage();
  }

  @Override
  protected boolean watchHistorySurvivesReopen() {
    return false;
  }
}
