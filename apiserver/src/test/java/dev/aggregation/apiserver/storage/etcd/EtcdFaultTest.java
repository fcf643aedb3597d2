package dev.aggregation.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the etcd store does when etcd goes away and comes back: calls fail fast, acknowledged writes survive,
 * the same store serves again once etcd answers, and a watch ends so that its owner resumes without a gap.
 * Each test has its own etcd, since each stops it.
 */
class EtcdFaultTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** Generous against a loaded machine; a call that takes this long hangs rather than fails fast. */
  private static final Duration HANG = REQUEST_TIMEOUT.multipliedBy(4);
  private static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(30);

  private EtcdProcess etcd;
  private EtcdStorage storage;
  private String root;

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start();
    storage = EtcdStorage.connect(etcd.options().withRequestTimeout(REQUEST_TIMEOUT));
    root = "/registry/faults-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void acknowledgedWritesAndRevisionsSurviveAnEtcdCrash() {
    KeyValue a = storage.create(root + "a", bytes("1"));
    KeyValue a2 = storage.update(root + "a", bytes("2"), a.modRevision());
    KeyValue b = storage.create(root + "b", bytes("1"));
    long revision = storage.currentRevision();

    etcd.kill();
    etcd.restart();
    awaitServing();

    assertThat(storage.currentRevision()).isEqualTo(revision);
    assertThat(storage.get(root + "a").orElseThrow().modRevision()).isEqualTo(a2.modRevision());
    assertThat(storage.list(root, null, 0, a.modRevision()).items()).hasSize(1);
    assertThat(storage.get(root + "b").orElseThrow().createRevision()).isEqualTo(b.modRevision());
    assertThat(storage.create(root + "c", bytes("1")).modRevision()).isEqualTo(revision + 1);
  }

  @Test
  void withEtcdDownEveryCallFailsFastWithAStorageExceptionAndTheSameStoreServesWhenItIsBack() {
    KeyValue a = storage.create(root + "a", bytes("1"));
    etcd.stop();

    assertFailsFast(() -> storage.get(root + "a"));
    assertFailsFast(() -> storage.list(root, null, 0, 0));
    assertFailsFast(() -> storage.count(root));
    assertFailsFast(() -> storage.create(root + "b", bytes("1")));
    assertFailsFast(() -> storage.update(root + "a", bytes("2"), a.modRevision()));
    assertFailsFast(() -> storage.delete(root + "a", 0));
    assertFailsFast(storage::currentRevision);
    assertFailsFast(() -> storage.watch(root, a.modRevision(), new RecordingListener()));

    etcd.restart();
    awaitServing();

    KeyValue updated = storage.update(root + "a", bytes("2"), a.modRevision());
    assertThat(updated.modRevision()).isEqualTo(a.modRevision() + 1);
    assertThat(storage.get(root + "b")).isEmpty();
  }

  @Test
  void withEtcdFrozenCallsEndAtTheRequestTimeoutInsteadOfHanging() {
    KeyValue a = storage.create(root + "a", bytes("1"));
    etcd.pause();
    try {
      assertFailsFast(() -> storage.get(root + "a"));
      assertFailsFast(() -> storage.update(root + "a", bytes("2"), a.modRevision()));
    } finally {
      etcd.resume();
    }
    awaitServing();

    // A write that timed out has an unknown outcome, as in Kubernetes (504): etcd may still apply a request it had
    // already received when it wakes up. What must hold is that the key is either untouched or carries exactly
    // that update, never anything else.
    KeyValue after = storage.get(root + "a").orElseThrow();
    if (after.modRevision() == a.modRevision()) {
      assertThat(after.value()).isEqualTo(bytes("1"));
    } else {
      assertThat(after.value()).isEqualTo(bytes("2"));
      assertThat(after.modRevision()).isGreaterThan(a.modRevision());
    }
  }

  @Test
  void aWatchEndsWhenEtcdGoesAwayAndAWatchFromItsLastRevisionMissesNothing() {
    long base = storage.currentRevision();
    RecordingListener listener = new RecordingListener();
    Watch watch = storage.watch(root, base, listener);
    storage.create(root + "a", bytes("1"));
    KeyValue b = storage.create(root + "b", bytes("1"));
    List<WatchEvent> seen = new ArrayList<>(listener.takeThrough(b.modRevision()));

    etcd.kill();

    assertThat(listener.awaitClose()).isInstanceOf(StorageException.class);
    watch.close();
    etcd.restart();
    awaitServing();
    KeyValue c = storage.create(root + "c", bytes("1"));
    KeyValue d = storage.create(root + "d", bytes("1"));
    RecordingListener resumed = new RecordingListener();
    try (Watch again = storage.watch(root, seen.get(seen.size() - 1).revision(), resumed)) {
      seen.addAll(resumed.takeThrough(d.modRevision()));
    }

    assertThat(seen)
        .extracting(WatchEvent::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(base + 1, d.modRevision()).boxed().toList());
    assertThat(seen).extracting(event -> event.kv().key()).endsWith(root + "c", root + "d");
    assertThat(c.modRevision()).isEqualTo(b.modRevision() + 1);
    assertThat(listener.violations()).isEmpty();
  }

  private static void assertFailsFast(Executable call) {
    assertTimeoutPreemptively(
        HANG, () -> assertThatThrownBy(call::execute).isInstanceOf(StorageException.class));
  }

  /** Waits until the store answers again (gRPC reconnects with a backoff); the same client, never a new one. */
  private void awaitServing() {
    long deadline = System.nanoTime() + RECOVERY_PATIENCE.toNanos();
    while (true) {
      try {
        storage.currentRevision();
        return;
      } catch (StorageException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the store did not serve again within " + RECOVERY_PATIENCE, e);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
