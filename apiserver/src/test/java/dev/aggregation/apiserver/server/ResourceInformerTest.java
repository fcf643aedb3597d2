package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.FischerStrategy;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.GenericRegistry;
import dev.aggregation.apiserver.registry.StorageCodec;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchListener;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceInformerTest {
  private static final FischerStrategy FISCHERS = new FischerStrategy();
  private static final String PREFIX = GenericRegistry.resourcePrefix("/registry", FISCHERS);
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  private final StorageCodec codec = new StorageCodec(FISCHERS);
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private SqliteStorage store;

  @BeforeEach
  void openStore() {
    store = SqliteStorage.open(dataDir);
  }

  @AfterEach
  void closeStore() {
    executor.shutdownNow();
    store.close();
  }

  private KeyValue write(String name, String... disallowed) {
    ObjectNode fischer = Json.mapper().createObjectNode();
    fischer.putObject("metadata").put("name", name);
    fischer.putArray("disallowedFlunders").addAll(List.of(disallowed).stream().map(Json.mapper().getNodeFactory()::textNode).toList());
    return store.create(PREFIX + name, codec.encode(fischer));
  }

  private static List<String> names(List<ObjectNode> objects) {
    return objects.stream().map(o -> o.path("metadata").path("name").asText()).toList();
  }

  @Test
  void listsWhatTheStoreHeldAtStart() {
    write("a");
    write("b", "banned");
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();

      List<ObjectNode> listed = informer.list(PREFIX, 0, PATIENCE);

      assertThat(names(listed)).containsExactly("a", "b");
      assertThat(listed.get(1).path("disallowedFlunders").get(0).asText()).isEqualTo("banned");
    }
  }

  @Test
  void followsCreatesUpdatesAndDeletesAfterItsList() {
    KeyValue a = write("a");
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();
      assertThat(names(informer.list(PREFIX, 0, PATIENCE))).containsExactly("a");

      write("b");
      store.delete(PREFIX + "a", a.modRevision());
      KeyValue c = write("c");
      ObjectNode changed = codec.decode(c);
      changed.putArray("disallowedFlunders").add("x");
      store.update(PREFIX + "c", codec.encode(changed), c.modRevision());

      await().atMost(PATIENCE).untilAsserted(() -> {
        List<ObjectNode> listed = informer.list(PREFIX, 0, PATIENCE);
        assertThat(names(listed)).containsExactly("b", "c");
        assertThat(listed.get(1).path("disallowedFlunders").get(0).asText()).isEqualTo("x");
      });
    }
  }

  @Test
  void answersOnlyOnceItHasAWriteItIsToldOf() {
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();
      assertThat(informer.list(PREFIX, 0, PATIENCE)).isEmpty();

      KeyValue written = write("new", "banned");

      assertThat(names(informer.list(PREFIX, written.modRevision(), PATIENCE))).containsExactly("new");
    }
  }

  @Test
  void listsOnlyTheObjectsUnderTheAskedPrefix() {
    write("a");
    write("ab");
    write("b");
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();

      assertThat(names(informer.list(PREFIX + "a", 0, PATIENCE))).containsExactly("a", "ab");
    }
  }

  @Test
  void handsOutCopiesThatLeaveItsStateAlone() {
    write("a");
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();
      informer.list(PREFIX, 0, PATIENCE).get(0).putObject("metadata").put("name", "changed");

      assertThat(names(informer.list(PREFIX, 0, PATIENCE))).containsExactly("a");
    }
  }

  @Test
  void listsAgainWhenItsWatchEnds() {
    BreakableWatches watches = new BreakableWatches(store);
    write("a");
    try (ResourceInformer informer = new ResourceInformer(watches, PREFIX, codec, executor)) {
      informer.start();
      assertThat(names(informer.list(PREFIX, 0, PATIENCE))).containsExactly("a");

      watches.breakCurrent(); // what it missed meanwhile comes with the next list
      write("b");

      await().atMost(PATIENCE).untilAsserted(() -> assertThat(names(informer.list(PREFIX, 0, PATIENCE))).containsExactly("a", "b"));
      assertThat(watches.watchesStarted()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void failsAReadWhileTheStoreCannotBeListed() {
    store.close(); // every list fails from now on
    try (ResourceInformer informer = new ResourceInformer(store, PREFIX, codec, executor)) {
      informer.start();

      assertThatThrownBy(() -> informer.list(PREFIX, 0, Duration.ofMillis(300)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("have not been listed from the store yet");
    }
  }

  /** The store, with watches whose delivery can be cut (the watch ends with a cause, as a broken etcd stream). */
  private static final class BreakableWatches extends ForwardingStorage {
    private volatile Watch current;
    private volatile WatchListener currentListener;
    private int started;

    BreakableWatches(Storage store) {
      super(store);
    }

    @Override
    public synchronized Watch watch(String prefix, long afterRevision, WatchListener listener) {
      started++;
      currentListener = listener;
      current = super.watch(prefix, afterRevision, new WatchListener() {
        @Override
        public void onEvent(dev.aggregation.apiserver.storage.WatchEvent event) {
          if (currentListener == listener) {
            listener.onEvent(event);
          }
        }

        @Override
        public void onClose(Throwable cause) {
          listener.onClose(cause);
        }
      });
      return current;
    }

    synchronized int watchesStarted() {
      return started;
    }

    void breakCurrent() {
      WatchListener listener = currentListener;
      currentListener = null; // nothing more reaches it
      current.close();
      listener.onClose(new StorageException("the watch broke"));
    }
  }

  /** Passes every call to a store. */
  private static class ForwardingStorage implements Storage {
    private final Storage store;

    ForwardingStorage(Storage store) {
      this.store = store;
    }

    @Override public long currentRevision() { return store.currentRevision(); }
    @Override public long compactedRevision() { return store.compactedRevision(); }
    @Override public java.util.Optional<KeyValue> get(String key) { return store.get(key); }
    @Override public ListPage list(String prefix, String startKey, int limit, long revision) { return store.list(prefix, startKey, limit, revision); }
    @Override public long count(String prefix) { return store.count(prefix); }
    @Override public KeyValue create(String key, byte[] value) { return store.create(key, value); }
    @Override public KeyValue update(String key, byte[] value, long expected) { return store.update(key, value, expected); }
    @Override public dev.aggregation.apiserver.storage.Deleted delete(String key, long expected) { return store.delete(key, expected); }
    @Override public Watch watch(String prefix, long afterRevision, WatchListener listener) { return store.watch(prefix, afterRevision, listener); }
    @Override public void compact(long revision) { store.compact(revision); }
    @Override public void close() { store.close(); }
  }
}
