package dev.aggregation.apiserver.storage.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.etcd.EtcdProcess;
import dev.aggregation.apiserver.storage.etcd.EtcdStorage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch cache when etcd goes away and comes back: its watchers end with an error, it reports itself not
 * ready, lists fail fast instead of serving a state that can no longer be confirmed; once etcd is back it syncs
 * again by itself and serves everything that was acknowledged. Each test has its own etcd, since each stops it.
 */
class CachedStorageOnEtcdFaultTest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** Generous against a loaded machine; a call that takes this long hangs rather than fails fast. */
  private static final Duration HANG = REQUEST_TIMEOUT.multipliedBy(4);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private EtcdProcess etcd;
  private CachedStorage cache;
  private String prefix;

  @BeforeEach
  void start() throws InterruptedException {
    etcd = EtcdProcess.start();
    prefix = "/registry/faults-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    cache =
        CachedStorage.start(
            EtcdStorage.connect(etcd.options().withRequestTimeout(REQUEST_TIMEOUT)),
            List.of(prefix),
            WatchCacheOptions.DEFAULTS.withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)));
    assertThat(cache.awaitReady(PATIENCE)).isTrue();
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void anOutageClosesTheWatchersMakesTheCacheUnreadyAndListsFailFast() throws InterruptedException {
    cache.create(prefix + "a", bytes("1"));
    RecordingListener watcher = new RecordingListener();
    cache.watch(prefix, cache.currentRevision(), watcher);

    etcd.stop();

    assertThat(watcher.awaitClose()).isInstanceOf(StorageException.class);
    awaitUnready();
    assertThat(cache.unreadiness()).singleElement().asString().contains(prefix);
    assertTimeoutPreemptively(
        HANG,
        () -> assertThatThrownBy(() -> cache.list(prefix, null, 0, 0)).isInstanceOf(StorageException.class));
  }

  @Test
  void whenEtcdIsBackTheCacheHealsAndMissesNothingAcknowledged() throws InterruptedException {
    KeyValue a = cache.create(prefix + "a", bytes("1"));
    cache.update(prefix + "a", bytes("2"), a.modRevision());
    cache.create(prefix + "b", bytes("1"));
    etcd.stop();
    awaitUnready();

    etcd.restart();

    assertThat(cache.awaitReady(PATIENCE)).as("the cache syncs again once etcd is back").isTrue();
    ListPage healed = cache.list(prefix, null, 0, 0);
    assertThat(healed.items())
        .extracting(kv -> kv.key() + "=" + new String(kv.value(), UTF_8))
        .containsExactly(prefix + "a=2", prefix + "b=1");
    RecordingListener watcher = new RecordingListener();
    try (Watch watch = cache.watch(prefix, healed.revision(), watcher)) {
      KeyValue later = cache.create(prefix + "c", bytes("1"));
      assertThat(watcher.take(1)).extracting(WatchEvent::revision).containsExactly(later.modRevision());
    }
  }

  private void awaitUnready() throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (cache.unreadiness().isEmpty()) {
      assertThat(System.nanoTime()).as("the cache notices that etcd is gone").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
