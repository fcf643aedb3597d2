package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageFactoryTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void theWatchCacheHistoryTakesAQuarterOfTheHeapSharedEvenlyByTheCachedResources() {
    assertThat(StorageFactory.historyBytesPerPrefix(256 * MIB, 2)).isEqualTo(32 * MIB);
    assertThat(StorageFactory.historyBytesPerPrefix(256 * MIB, 1)).isEqualTo(64 * MIB);
  }

  @Test
  void noResourceIsLeftWithoutHistory() {
    assertThat(StorageFactory.historyBytesPerPrefix(1, 8)).isEqualTo(1);
    assertThat(StorageFactory.historyBytesPerPrefix(256 * MIB, 0)).isEqualTo(64 * MIB);
  }
}
