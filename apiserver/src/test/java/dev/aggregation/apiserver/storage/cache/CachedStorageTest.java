package dev.aggregation.apiserver.storage.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the watch cache adds to a store, on the embedded store seen through {@link InstrumentedStorage}: lists
 * from memory, the consistent read's wait, the window's 410, the previous state from memory, slow watchers,
 * and progress for quiet prefixes. The waits are bounded only so that a broken cache fails instead of hanging.
 */
class CachedStorageTest {
  private static final String FLUNDERS = "/registry/wardle.example.com/flunders/";
  private static final String FISCHERS = "/registry/wardle.example.com/fischers/";
  private static final long PATIENCE_SECONDS = 30;

  @TempDir Path dataDir;

  private InstrumentedStorage store;
  private CachedStorage cache;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    background.shutdownNow();
    if (cache != null) {
      cache.close();
    }
  }

  private void open(WatchCacheOptions options) throws InterruptedException {
    store = new InstrumentedStorage(SqliteStorage.open(dataDir));
    cache = CachedStorage.start(store, List.of(FLUNDERS, FISCHERS), options);
    assertThat(cache.awaitReady(Duration.ofSeconds(PATIENCE_SECONDS))).isTrue();
  }

  @Test
  void listsAtTheNewestRevisionAndTheirNextPagesComeFromMemory() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    List.of("a", "b", "c").forEach(name -> store.create(FLUNDERS + "default/" + name, bytes(name)));
    store.create(FISCHERS + "x", bytes("x"));
    int listsBefore = store.listCalls();

    ListPage first = cache.list(FLUNDERS, null, 2, 0);
    ListPage rest = cache.list(FLUNDERS, FLUNDERS + "default/b\0", 2, first.revision());

    assertThat(store.listCalls()).isEqualTo(listsBefore);
    assertThat(first.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "default/a", FLUNDERS + "default/b");
    assertThat(first.more()).isTrue();
    assertThat(first.remaining()).isEqualTo(1);
    assertThat(first.revision()).isEqualTo(store.currentRevision());
    assertThat(rest.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "default/c");
    assertThat(rest.more()).isFalse();
  }

  @Test
  void aListAtAnOlderRevisionReadsTheStore() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue a = store.create(FLUNDERS + "a", bytes("1"));
    store.update(FLUNDERS + "a", bytes("2"), a.modRevision());
    // a consistent list waits until the cache has the update: from then on a.modRevision is history to it
    assertThat(cache.list(FLUNDERS, null, 0, 0).items()).extracting(kv -> text(kv.value())).containsExactly("2");
    int listsBefore = store.listCalls();

    ListPage old = cache.list(FLUNDERS, null, 0, a.modRevision());

    assertThat(store.listCalls()).isEqualTo(listsBefore + 1);
    assertThat(old.items()).extracting(kv -> text(kv.value())).containsExactly("1");
  }

  @Test
  void aConsistentListWaitsUntilTheCacheHasTheNewestWrite() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    store.hold();
    KeyValue written = store.create(FLUNDERS + "new", bytes("1"));
    int listsBefore = store.listCalls();

    Future<ListPage> list = background.submit(() -> cache.list(FLUNDERS, null, 0, 0));
    // The list has found the cache behind the store and asked for progress: it is waiting.
    assertThat(store.progressRequested().await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
    store.release();
    ListPage page = list.get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(page.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "new");
    assertThat(page.revision()).isEqualTo(written.modRevision());
    assertThat(store.listCalls()).isEqualTo(listsBefore);
  }

  @Test
  void aConsistentListReadsTheStoreWhenTheCacheDoesNotCatchUpInTime() throws Exception {
    open(WatchCacheOptions.DEFAULTS.withFreshnessTimeout(Duration.ofMillis(200)));
    store.hold();
    KeyValue written = store.create(FLUNDERS + "new", bytes("1"));
    int listsBefore = store.listCalls();

    ListPage page = cache.list(FLUNDERS, null, 0, 0);

    assertThat(page.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "new");
    assertThat(page.revision()).isEqualTo(written.modRevision());
    assertThat(store.listCalls()).isEqualTo(listsBefore + 1);
    store.release();
  }

  @Test
  void aConsistentGetOnTheEmbeddedStoreComesFromMemoryAndSeesTheNewestWrite() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    KeyValue updated = store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());
    int getsBefore = store.getCalls();

    Optional<KeyValue> read = cache.get(FLUNDERS + "default/a");
    Optional<KeyValue> missing = cache.get(FLUNDERS + "default/none");

    assertThat(read).get().extracting(KeyValue::modRevision).isEqualTo(updated.modRevision());
    assertThat(read).get().extracting(kv -> text(kv.value())).isEqualTo("2");
    assertThat(missing).isEmpty();
    assertThat(store.getCalls()).isEqualTo(getsBefore);
  }

  @Test
  void aConsistentGetWaitsUntilTheCacheHasTheNewestWrite() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.hold();
    KeyValue updated = store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());
    int getsBefore = store.getCalls();

    Future<Optional<KeyValue>> get = background.submit(() -> cache.get(FLUNDERS + "default/a"));
    assertThat(store.progressRequested().await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
    store.release();

    assertThat(get.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).get().extracting(KeyValue::modRevision)
        .isEqualTo(updated.modRevision());
    assertThat(store.getCalls()).isEqualTo(getsBefore);
  }

  @Test
  void aGetAtAnyRevisionComesFromMemoryEvenWhenTheCacheIsBehind() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.hold();
    store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());
    int getsBefore = store.getCalls();

    Optional<KeyValue> read = cache.get(FLUNDERS + "default/a", 0);

    assertThat(read).get().extracting(KeyValue::modRevision).isEqualTo(created.modRevision());
    assertThat(store.getCalls()).isEqualTo(getsBefore);
    store.release();
  }

  @Test
  void aGetNotOlderThanARevisionWaitsUntilTheCacheHasIt() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.hold();
    KeyValue updated = store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());
    int getsBefore = store.getCalls();

    Future<Optional<KeyValue>> get =
        background.submit(() -> cache.get(FLUNDERS + "default/a", updated.modRevision()));
    assertThat(store.progressRequested().await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
    store.release();

    assertThat(get.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).get().extracting(KeyValue::modRevision)
        .isEqualTo(updated.modRevision());
    assertThat(store.getCalls()).isEqualTo(getsBefore);
  }

  @Test
  void aConsistentGetReadsTheStoreWhenTheStoreMustBeAskedForItsRevision() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.actRemote();
    int getsBefore = store.getCalls();

    Optional<KeyValue> read = cache.get(FLUNDERS + "default/a");

    assertThat(read).get().extracting(KeyValue::modRevision).isEqualTo(created.modRevision());
    assertThat(store.getCalls()).isEqualTo(getsBefore + 1);
  }

  @Test
  void aWatchOlderThanTheWindowFailsWithCompactedThoughTheStoreStillHasTheHistory() throws Exception {
    open(WatchCacheOptions.DEFAULTS.withCapacity(3));
    long base = store.currentRevision();
    for (int i = 0; i < 5; i++) {
      store.create(FLUNDERS + "k" + i, bytes("1"));
    }
    awaitCacheAt(store.currentRevision());

    CompactedException tooOld =
        catchThrowableOfType(CompactedException.class, () -> cache.watch(FLUNDERS, base, new RecordingListener()));
    RecordingListener fromTheStore = new RecordingListener();
    try (Watch direct = store.watch(FLUNDERS, base, fromTheStore)) {
      assertThat(fromTheStore.take(5)).hasSize(5);
    }

    assertThat(tooOld.requested()).isEqualTo(base);
    // The window holds the last three events (base+3..base+5): the oldest watch it serves is after base+2.
    assertThat(tooOld.compacted()).isEqualTo(base + 3);
    RecordingListener withinWindow = new RecordingListener();
    try (Watch watch = cache.watch(FLUNDERS, base + 2, withinWindow)) {
      assertThat(withinWindow.take(3)).extracting(WatchEvent::revision).containsExactly(base + 3, base + 4, base + 5);
    }
  }

  @Test
  void deleteEventsCarryTheLastStateFromMemoryWhenTheStoreLeavesItOut() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    // As etcd does for a DELETE whose previous revision is compacted away.
    store.changeEvents(
        event -> event.type() == WatchEvent.Type.DELETE
            ? new WatchEvent(event.type(), new KeyValue(event.kv().key(), null, 0, event.revision()), null)
            : event);
    KeyValue created = store.create(FLUNDERS + "a", bytes("1"));
    KeyValue updated = store.update(FLUNDERS + "a", bytes("2"), created.modRevision());
    RecordingListener listener = new RecordingListener();

    try (Watch watch = cache.watch(FLUNDERS, updated.modRevision(), listener)) {
      Deleted deleted = store.delete(FLUNDERS + "a", 0);
      WatchEvent event = listener.take(1).get(0);

      assertThat(event.type()).isEqualTo(WatchEvent.Type.DELETE);
      assertThat(event.revision()).isEqualTo(deleted.revision());
      assertThat(event.kv().createRevision()).isEqualTo(created.createRevision());
      assertThat(event.prevKv().modRevision()).isEqualTo(updated.modRevision());
      assertThat(text(event.prevKv().value())).isEqualTo("2");
    }
  }

  @Test
  void aSlowWatcherIsClosedWhileAFastOneKeepsReceiving() throws Exception {
    open(WatchCacheOptions.DEFAULTS.withWatcherQueueCapacity(3));
    long base = store.currentRevision();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Throwable> slowClosed = new CompletableFuture<>();
    WatchListener slow =
        new WatchListener() {
          @Override
          public void onEvent(WatchEvent event) {
            awaitQuietly(release);
          }

          @Override
          public void onClose(Throwable cause) {
            slowClosed.complete(cause);
          }
        };
    RecordingListener fast = new RecordingListener();
    try (Watch slowWatch = cache.watch(FLUNDERS, base, slow);
        Watch fastWatch = cache.watch(FLUNDERS, base, fast)) {
      // One write at a time, each taken by the fast watcher before the next: its queue never holds more than one
      // event however loaded the machine is, while the slow one's fills up behind its first event.
      for (int i = 0; i < 10; i++) {
        KeyValue written = store.create(FLUNDERS + "k" + i, bytes("1"));
        assertThat(fast.take(1)).extracting(WatchEvent::revision).containsExactly(written.modRevision());
      }

      // The slow listener is still stuck in its first event while the fast one got all ten.
      assertThat(release.getCount()).isEqualTo(1);
      release.countDown();
      assertThat(slowClosed.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("watcher is too slow");
      KeyValue later = store.create(FLUNDERS + "later", bytes("1"));
      assertThat(fast.take(1)).extracting(WatchEvent::revision).containsExactly(later.modRevision());
    }
  }

  @Test
  void watchersOfAQuietPrefixLearnHowFarTheStoreHasCome() throws Exception {
    open(WatchCacheOptions.DEFAULTS.withProgressInterval(Duration.ofMillis(50)));
    LinkedBlockingQueue<Long> progress = new LinkedBlockingQueue<>();
    RecordingListener events = new RecordingListener();
    WatchListener quiet =
        new WatchListener() {
          @Override
          public void onEvent(WatchEvent event) {
            events.onEvent(event);
          }

          @Override
          public void onProgress(long revision) {
            progress.add(revision);
          }

          @Override
          public void onClose(Throwable cause) {
            events.onClose(cause);
          }
        };
    try (Watch watch = cache.watch(FLUNDERS, store.currentRevision(), quiet)) {
      KeyValue elsewhere = store.create(FISCHERS + "x", bytes("1"));

      long reached = 0;
      while (reached < elsewhere.modRevision()) {
        Long next = progress.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("progress up to revision %d", elsewhere.modRevision()).isNotNull();
        reached = next;
      }

      assertThat(reached).isEqualTo(elsewhere.modRevision());
      assertThat(events.pending()).isEmpty();
    }
  }

  @Test
  void aReadWithoutBlockingIsAnsweredFromMemoryWhenTheCacheHasTheNewestWrite() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    int getsBefore = store.getCalls();

    assertThat(cache.getWithoutBlocking(FLUNDERS + "default/a")).get().extracting(KeyValue::modRevision)
        .isEqualTo(created.modRevision());
    assertThat(cache.getWithoutBlocking(FLUNDERS + "default/none")).isEmpty();
    assertThat(cache.getWithoutBlocking(FLUNDERS + "default/a", created.modRevision())).isPresent();
    assertThat(store.getCalls()).isEqualTo(getsBefore);
  }

  @Test
  void aReadWithoutBlockingWouldBlockWhileTheCacheIsBehindTheRevisionAsked() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.hold();
    KeyValue updated = store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());

    assertThatThrownBy(() -> cache.getWithoutBlocking(FLUNDERS + "default/a")).isInstanceOf(WouldBlock.class);
    assertThatThrownBy(() -> cache.getWithoutBlocking(FLUNDERS + "default/a", updated.modRevision())).isInstanceOf(WouldBlock.class);
    assertThat(cache.getWithoutBlocking(FLUNDERS + "default/a", 0)).get().extracting(KeyValue::modRevision)
        .isEqualTo(created.modRevision());
    store.release();
  }

  @Test
  void aConsistentReadWithoutBlockingWouldBlockWhenTheStoreMustBeAskedForItsRevision() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.actRemote();

    assertThatThrownBy(() -> cache.getWithoutBlocking(FLUNDERS + "default/a")).isInstanceOf(WouldBlock.class);
    assertThat(cache.getWithoutBlocking(FLUNDERS + "default/a", 0)).isPresent();
  }

  @Test
  void aReadWithoutBlockingOfAKeyOutsideTheCachedPrefixesWouldBlock() {
    assertThatThrownBy(() -> {
      open(WatchCacheOptions.DEFAULTS);
      cache.getWithoutBlocking("/registry/other/a", 0);
    }).isInstanceOf(WouldBlock.class);
  }

  @Test
  void aListWithoutBlockingIsAnsweredFromMemoryWhenTheCacheHasTheNewestWrite() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    store.create(FLUNDERS + "default/a", bytes("1"));
    KeyValue b = store.create(FLUNDERS + "default/b", bytes("2"));
    awaitCacheAt(b.modRevision());
    int listsBefore = store.listCalls();

    ListPage latest = cache.listWithoutBlocking(FLUNDERS, null, 1, 0);
    ListPage rest = cache.listWithoutBlocking(FLUNDERS, FLUNDERS + "default/a\0", 0, latest.revision());

    assertThat(latest.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "default/a");
    assertThat(latest.revision()).isEqualTo(b.modRevision());
    assertThat(latest.more()).isTrue();
    assertThat(rest.items()).extracting(KeyValue::key).containsExactly(FLUNDERS + "default/b");
    assertThat(store.listCalls()).isEqualTo(listsBefore);
  }

  @Test
  void aListWithoutBlockingWouldBlockWhileTheCacheIsBehindTheStore() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.hold();
    store.update(FLUNDERS + "default/a", bytes("2"), created.modRevision());

    assertThatThrownBy(() -> cache.listWithoutBlocking(FLUNDERS, null, 0, 0)).isInstanceOf(WouldBlock.class);
    // at exactly the cache's revision it still answers, as a continued list does
    assertThat(cache.listWithoutBlocking(FLUNDERS, null, 0, created.modRevision()).items()).hasSize(1);
    store.release();
  }

  @Test
  void aListWithoutBlockingAtARevisionOtherThanTheCachesWouldBlock() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue first = store.create(FLUNDERS + "default/a", bytes("1"));
    KeyValue second = store.create(FLUNDERS + "default/b", bytes("2"));
    awaitCacheAt(second.modRevision());

    assertThatThrownBy(() -> cache.listWithoutBlocking(FLUNDERS, null, 0, first.modRevision())).isInstanceOf(WouldBlock.class);
  }

  @Test
  void aConsistentListWithoutBlockingWouldBlockWhenTheStoreMustBeAskedForItsRevision() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    KeyValue created = store.create(FLUNDERS + "default/a", bytes("1"));
    awaitCacheAt(created.modRevision());
    store.actRemote();

    assertThatThrownBy(() -> cache.listWithoutBlocking(FLUNDERS, null, 0, 0)).isInstanceOf(WouldBlock.class);
    assertThat(cache.listWithoutBlocking(FLUNDERS, null, 0, created.modRevision()).items()).hasSize(1);
  }

  @Test
  void aListWithoutBlockingOfAPrefixOutsideTheCachedOnesWouldBlock() {
    assertThatThrownBy(() -> {
      open(WatchCacheOptions.DEFAULTS);
      cache.listWithoutBlocking("/registry/other/", null, 0, 0);
    }).isInstanceOf(WouldBlock.class);
  }

  @Test
  void keysOutsideTheCachedPrefixesAreServedByTheStore() throws Exception {
    open(WatchCacheOptions.DEFAULTS);
    store.create("/registry/other/a", bytes("1"));
    int listsBefore = store.listCalls();

    ListPage page = cache.list("/registry/other/", null, 0, 0);

    assertThat(page.items()).extracting(KeyValue::key).containsExactly("/registry/other/a");
    assertThat(store.listCalls()).isEqualTo(listsBefore + 1);
  }

  private void awaitCacheAt(long revision) {
    // A list at exactly the cache's revision is served from memory: wait until the newest list is.
    assertThat(cache.list(FLUNDERS, null, 0, 0).revision()).isEqualTo(revision);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
