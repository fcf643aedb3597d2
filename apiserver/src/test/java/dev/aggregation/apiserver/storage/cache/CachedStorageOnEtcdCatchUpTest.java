package dev.aggregation.apiserver.storage.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.etcd.EtcdExtension;
import dev.aggregation.apiserver.storage.etcd.EtcdStorage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watch cache on a real etcd while its own etcd watch is still catching up: writes land between the list
 * that fills the cache and the watch that follows it, so etcd holds that watch "unsynced" until its sync loop
 * (every 100 ms) sends it the history. Meanwhile etcd before 3.4.25 and 3.5.8 answers a progress request with
 * its newest revision (etcd-io/etcd#15220), and a compaction to that revision cancels the watch. Neither may
 * cost the cache an event or its watchers.
 */
class CachedStorageOnEtcdCatchUpTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int WRITES = 20;

  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private EtcdStorage writer;
  private InstrumentedStorage store;
  private CachedStorage cache;
  private String prefix;

  @BeforeEach
  void connect() {
    prefix = "/registry/catch-up-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    writer = EtcdStorage.connect(etcd.options());
    store = new InstrumentedStorage(EtcdStorage.connect(etcd.options()));
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    writer.close();
  }

  @Test
  void aConsistentListNeverComesFromACacheAheadOfWhatItsEtcdWatchDelivered() throws InterruptedException {
    writeOnceBeforeTheCacheWatches();
    // Progress asked for while etcd catches the new watch up, as a waiting consistent list or the periodic
    // bookmark tick would.
    store.afterWatch(this::askForProgressUntilSomethingIsDelivered);
    startCache();

    ListPage page = cache.list(prefix, null, 0, 0);
    KeyValue later = writer.create(prefix + "later", bytes("later"));
    ListPage afterLaterWrite = cache.list(prefix, null, 0, 0);

    assertThat(page.items()).as("a consistent list at %d", page.revision()).hasSize(WRITES);
    assertThat(afterLaterWrite.items()).as("a consistent list at %d", afterLaterWrite.revision())
        .hasSize(WRITES + 1)
        .extracting(KeyValue::key)
        .contains(later.key());
  }

  @Test
  void compactingToTheNewestRevisionKeepsTheCachesWatchersAndMissesNoEvent() throws InterruptedException {
    long before = writer.currentRevision();
    writeOnceBeforeTheCacheWatches();
    startCache();
    RecordingListener watcher = new RecordingListener();

    try (Watch watch = cache.watch(prefix, before, watcher)) {
      cache.compact(before + WRITES);
      KeyValue later = writer.create(prefix + "later", bytes("later"));

      List<WatchEvent> events = watcher.takeThrough(later.modRevision());
      assertThat(events).extracting(WatchEvent::revision)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, WRITES + 1).mapToObj(i -> before + i).toList());
      assertThat(watcher.isClosed()).as("the watcher was closed with %s", watcher.pending()).isFalse();
    }
  }

  /** The first watch the cache makes is made after {@link #WRITES} writes it did not list. */
  private void writeOnceBeforeTheCacheWatches() {
    AtomicBoolean written = new AtomicBoolean();
    store.beforeWatch(
        () -> {
          if (written.compareAndSet(false, true)) {
            for (int i = 0; i < WRITES; i++) {
              writer.create(prefix + "key-" + i, bytes(Integer.toString(i)));
            }
          }
        });
  }

  private void askForProgressUntilSomethingIsDelivered(Watch watch) {
    int delivered = store.deliveries();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try {
      while (store.deliveries() == delivered && System.nanoTime() < deadline) {
        watch.requestProgress();
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startCache() throws InterruptedException {
    cache = CachedStorage.start(store, List.of(prefix), WatchCacheOptions.DEFAULTS);
    assertThat(cache.awaitReady(PATIENCE)).as("the cache syncs with etcd").isTrue();
  }

  private static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }
}
