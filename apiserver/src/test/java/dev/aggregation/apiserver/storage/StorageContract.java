package dev.aggregation.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} backend must do: one test per clause of the SPI's javadoc. A backend's test class
 * extends this and says how to make a store; the etcd backend runs the same tests against a real etcd.
 *
 * <p>Every test works under its own key prefix ({@link #root}) and measures revisions from the store's revision
 * at its start, so a backend whose stores share one server (etcd) runs it unchanged; only {@link
 * #newStorageIsEmpty} and {@link #reopen} describe what differs between backends.
 */
public abstract class StorageContract {

  private static final int PATIENCE_SECONDS = 60;

  /** The store under test; {@link #reopen} may replace it. */
  protected Storage storage;

  /** The prefix, ending in '/', under which the test writes its keys. */
  protected String root;

  /** A new store. */
  protected abstract Storage newStorage() throws Exception;

  /**
   * Closes {@code storage} and opens the same data again, as a restart of the server would. Backends that cannot
   * leave this as it is: the tests that restart are then skipped.
   */
  protected Storage reopen(Storage storage) throws Exception {
    Assumptions.abort("this backend cannot be reopened");
    return storage;
  }

  /** Whether {@link #newStorage} gives a store that was never written (false for a shared etcd). */
  protected boolean newStorageIsEmpty() {
    return true;
  }

  /**
   * Whether a reopened store serves watches from revisions before it was reopened: a backend's history is
   * durable; a watch cache's window starts at the revision it is filled at (false), as the SPI's watch says.
   */
  protected boolean watchHistorySurvivesReopen() {
    return true;
  }

  @BeforeEach
  void openStorage() throws Exception {
    storage = newStorage();
    root = "/registry/contract-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- revisions

  @Test
  void aNeverWrittenStoreIsAtRevisionZeroAndItsFirstWriteIsRevisionOne() {
    Assumptions.assumeTrue(newStorageIsEmpty(), "the backend's stores are not empty when made");
    assertThat(storage.currentRevision()).isZero();
    assertThat(storage.compactedRevision()).isZero();

    KeyValue first = storage.create(key("a"), bytes("1"));

    assertThat(first.modRevision()).isEqualTo(1);
    assertThat(first.createRevision()).isEqualTo(1);
    assertThat(storage.currentRevision()).isEqualTo(1);
  }

  @Test
  void everyWriteAdvancesTheRevisionByExactlyOne() {
    long base = storage.currentRevision();

    KeyValue created = storage.create(key("a"), bytes("1"));
    KeyValue updated = storage.update(key("a"), bytes("2"), created.modRevision());
    Deleted deleted = storage.delete(key("a"), updated.modRevision());

    assertThat(List.of(created.modRevision(), updated.modRevision(), deleted.revision()))
        .containsExactly(base + 1, base + 2, base + 3);
    assertThat(storage.currentRevision()).isEqualTo(base + 3);
  }

  @Test
  void failedWritesDoNotAdvanceTheRevision() {
    KeyValue created = storage.create(key("a"), bytes("1"));
    long before = storage.currentRevision();

    catchThrowableOfType(KeyExistsException.class, () -> storage.create(key("a"), bytes("2")));
    catchThrowableOfType(
        RevisionConflictException.class, () -> storage.update(key("a"), bytes("2"), created.modRevision() + 9));
    catchThrowableOfType(KeyNotFoundException.class, () -> storage.delete(key("missing"), 0));

    assertThat(storage.currentRevision()).isEqualTo(before);
  }

  // ---- create and get

  @Test
  void createStoresTheValueAtANewRevision() {
    KeyValue created = storage.create(key("a"), bytes("one"));

    assertThat(created.key()).isEqualTo(key("a"));
    assertThat(text(created.value())).isEqualTo("one");
    assertThat(created.createRevision()).isEqualTo(created.modRevision());
    assertThat(show(storage.get(key("a")).orElseThrow())).isEqualTo(show(created));
  }

  @Test
  void createOfAnExistingKeyFailsWithKeyExists() {
    KeyValue created = storage.create(key("a"), bytes("one"));

    KeyExistsException failure =
        catchThrowableOfType(KeyExistsException.class, () -> storage.create(key("a"), bytes("two")));

    assertThat(failure.key()).isEqualTo(key("a"));
    assertThat(show(storage.get(key("a")).orElseThrow())).isEqualTo(show(created));
  }

  @Test
  void createAfterDeleteStartsANewIncarnation() {
    storage.create(key("a"), bytes("one"));
    storage.delete(key("a"), 0);

    KeyValue again = storage.create(key("a"), bytes("two"));

    assertThat(again.createRevision()).isEqualTo(again.modRevision()).isEqualTo(storage.currentRevision());
    assertThat(text(storage.get(key("a")).orElseThrow().value())).isEqualTo("two");
  }

  @Test
  void getOfAMissingOrDeletedKeyIsEmpty() {
    storage.create(key("gone"), bytes("x"));
    storage.delete(key("gone"), 0);

    assertThat(storage.get(key("never"))).isEmpty();
    assertThat(storage.get(key("gone"))).isEmpty();
  }

  @Test
  void storedBytesComeBackUnchanged() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }

    storage.create(key("binary"), binary);

    assertThat(storage.get(key("binary")).orElseThrow().value()).isEqualTo(binary);
  }

  // ---- update

  @Test
  void updateAtTheCurrentRevisionReplacesTheValueAndKeepsTheCreateRevision() {
    KeyValue created = storage.create(key("a"), bytes("one"));

    KeyValue updated = storage.update(key("a"), bytes("two"), created.modRevision());

    assertThat(text(updated.value())).isEqualTo("two");
    assertThat(updated.createRevision()).isEqualTo(created.createRevision());
    assertThat(updated.modRevision()).isEqualTo(storage.currentRevision()).isGreaterThan(created.modRevision());
    assertThat(show(storage.get(key("a")).orElseThrow())).isEqualTo(show(updated));
  }

  @Test
  void updateAtAStaleRevisionFailsWithTheCurrentState() {
    KeyValue created = storage.create(key("a"), bytes("one"));
    KeyValue updated = storage.update(key("a"), bytes("two"), created.modRevision());

    RevisionConflictException conflict =
        catchThrowableOfType(
            RevisionConflictException.class,
            () -> storage.update(key("a"), bytes("three"), created.modRevision()));

    assertThat(show(conflict.current())).isEqualTo(show(updated));
    assertThat(text(storage.get(key("a")).orElseThrow().value())).isEqualTo("two");
  }

  @Test
  void updateOfAMissingOrDeletedKeyFailsWithKeyNotFound() {
    KeyValue created = storage.create(key("gone"), bytes("x"));
    storage.delete(key("gone"), 0);

    assertThat(
            catchThrowableOfType(
                    KeyNotFoundException.class, () -> storage.update(key("never"), bytes("y"), 1))
                .key())
        .isEqualTo(key("never"));
    assertThatThrownBy(() -> storage.update(key("gone"), bytes("y"), created.modRevision()))
        .isInstanceOf(KeyNotFoundException.class);
    assertThat(storage.get(key("gone"))).isEmpty();
  }

  // ---- delete

  @Test
  void conditionalDeleteReturnsTheLastStateAndTheDeletionRevision() {
    KeyValue created = storage.create(key("a"), bytes("one"));

    Deleted deleted = storage.delete(key("a"), created.modRevision());

    assertThat(show(deleted.previous())).isEqualTo(show(created));
    assertThat(deleted.revision()).isEqualTo(storage.currentRevision()).isGreaterThan(created.modRevision());
    assertThat(storage.get(key("a"))).isEmpty();
  }

  @Test
  void conditionalDeleteAtAStaleRevisionFailsAndKeepsTheKey() {
    KeyValue created = storage.create(key("a"), bytes("one"));
    KeyValue updated = storage.update(key("a"), bytes("two"), created.modRevision());

    RevisionConflictException conflict =
        catchThrowableOfType(
            RevisionConflictException.class, () -> storage.delete(key("a"), created.modRevision()));

    assertThat(show(conflict.current())).isEqualTo(show(updated));
    assertThat(storage.get(key("a"))).isPresent();
  }

  @Test
  void unconditionalDeleteRemovesWhateverRevisionTheKeyHas() {
    KeyValue created = storage.create(key("a"), bytes("one"));
    KeyValue updated = storage.update(key("a"), bytes("two"), created.modRevision());

    Deleted deleted = storage.delete(key("a"), 0);

    assertThat(show(deleted.previous())).isEqualTo(show(updated));
    assertThat(storage.get(key("a"))).isEmpty();
  }

  @Test
  void deleteOfAMissingOrDeletedKeyFailsWithKeyNotFound() {
    storage.create(key("gone"), bytes("x"));
    storage.delete(key("gone"), 0);

    assertThat(catchThrowableOfType(KeyNotFoundException.class, () -> storage.delete(key("never"), 0)).key())
        .isEqualTo(key("never"));
    assertThatThrownBy(() -> storage.delete(key("gone"), 0)).isInstanceOf(KeyNotFoundException.class);
  }

  // ---- list and count

  @Test
  void listReturnsTheKeysUnderThePrefixInKeyOrder() {
    List<String> names = new ArrayList<>(List.of("b", "a", "c/d", "c", "aa", "B", "a-b"));
    Collections.shuffle(names);
    names.forEach(name -> storage.create(key("items/" + name), bytes(name)));

    ListPage page = storage.list(key("items/"), null, 0, 0);

    assertThat(keys(page)).containsExactly(
        key("items/B"), key("items/a"), key("items/a-b"), key("items/aa"), key("items/b"), key("items/c"),
        key("items/c/d"));
    assertThat(page.more()).isFalse();
    assertThat(page.remaining()).isZero();
    assertThat(page.revision()).isEqualTo(storage.currentRevision());
  }

  @Test
  void listAndCountDoNotMixPrefixesThatShareAString() {
    storage.create(key("a/b"), bytes("the prefix without its slash"));
    storage.create(key("a/b/x"), bytes("in"));
    storage.create(key("a/bc/y"), bytes("a sibling that shares the string"));
    storage.create(key("a/b0"), bytes("the next character after the slash"));
    storage.create(key("a/b/y/z"), bytes("deeper, still in"));

    assertThat(keys(storage.list(key("a/b/"), "", 0, 0))).containsExactly(key("a/b/x"), key("a/b/y/z"));
    assertThat(keys(storage.list(key("a/bc/"), "", 0, 0))).containsExactly(key("a/bc/y"));
    assertThat(storage.count(key("a/b/"))).isEqualTo(2);
    assertThat(storage.count(key("a/bc/"))).isEqualTo(1);
  }

  @Test
  void listStartsAtTheStartKeyInclusive() {
    List.of("a", "b", "c", "d").forEach(name -> storage.create(key("items/" + name), bytes(name)));

    assertThat(keys(storage.list(key("items/"), key("items/b"), 0, 0)))
        .containsExactly(key("items/b"), key("items/c"), key("items/d"));
    assertThat(keys(storage.list(key("items/"), key("items/bb"), 0, 0)))
        .containsExactly(key("items/c"), key("items/d"));
  }

  @Test
  void listPagesWithLimitAndTellsWhatRemains() {
    List.of("a", "b", "c", "d", "e").forEach(name -> storage.create(key("items/" + name), bytes(name)));
    long revision = storage.currentRevision();

    ListPage first = storage.list(key("items/"), null, 2, 0);
    ListPage second = storage.list(key("items/"), continueAfter(first), 2, first.revision());
    ListPage last = storage.list(key("items/"), continueAfter(second), 2, first.revision());

    assertThat(keys(first)).containsExactly(key("items/a"), key("items/b"));
    assertThat(first.more()).isTrue();
    assertThat(first.remaining()).isEqualTo(3);
    assertThat(keys(second)).containsExactly(key("items/c"), key("items/d"));
    assertThat(second.more()).isTrue();
    assertThat(second.remaining()).isEqualTo(1);
    assertThat(keys(last)).containsExactly(key("items/e"));
    assertThat(last.more()).isFalse();
    assertThat(last.remaining()).isZero();
    assertThat(List.of(first.revision(), second.revision(), last.revision())).containsOnly(revision);
  }

  @Test
  void aLimitEqualToTheNumberOfKeysLeavesNothingMore() {
    List.of("a", "b").forEach(name -> storage.create(key("items/" + name), bytes(name)));

    ListPage page = storage.list(key("items/"), null, 2, 0);

    assertThat(keys(page)).hasSize(2);
    assertThat(page.more()).isFalse();
    assertThat(page.remaining()).isZero();
  }

  @Test
  void listOfAnEmptyPrefixIsEmptyAtTheCurrentRevision() {
    storage.create(key("elsewhere/a"), bytes("x"));

    ListPage page = storage.list(key("nothing/"), null, 10, 0);

    assertThat(page.items()).isEmpty();
    assertThat(page.more()).isFalse();
    assertThat(page.revision()).isEqualTo(storage.currentRevision());
  }

  @Test
  void listAtAnOlderRevisionSeesTheStateOfThatRevision() {
    KeyValue a = storage.create(key("items/a"), bytes("a1"));
    KeyValue b = storage.create(key("items/b"), bytes("b1"));
    long then = storage.currentRevision();
    storage.update(key("items/a"), bytes("a2"), a.modRevision());
    storage.delete(key("items/b"), b.modRevision());
    storage.create(key("items/c"), bytes("c1"));

    ListPage old = storage.list(key("items/"), null, 0, then);
    ListPage now = storage.list(key("items/"), null, 0, 0);

    assertThat(old.items()).extracting(StorageContract::show).containsExactly(show(a), show(b));
    assertThat(old.revision()).isEqualTo(then);
    assertThat(now.items())
        .extracting(kv -> kv.key() + "=" + text(kv.value()))
        .containsExactly(key("items/a") + "=a2", key("items/c") + "=c1");
  }

  @Test
  void olderPagesCountWhatRemainedThen() {
    List.of("a", "b", "c").forEach(name -> storage.create(key("items/" + name), bytes(name)));
    long then = storage.currentRevision();
    storage.delete(key("items/c"), 0);
    storage.create(key("items/d"), bytes("d"));
    storage.create(key("items/e"), bytes("e"));

    ListPage page = storage.list(key("items/"), null, 1, then);

    assertThat(keys(page)).containsExactly(key("items/a"));
    assertThat(page.remaining()).isEqualTo(2);
  }

  @Test
  void listBelowTheCompactedRevisionFailsWithCompacted() {
    KeyValue a = storage.create(key("items/a"), bytes("1"));
    storage.update(key("items/a"), bytes("2"), a.modRevision());
    long compactTo = storage.currentRevision();
    storage.create(key("items/b"), bytes("x"));
    storage.compact(compactTo);

    CompactedException failure =
        catchThrowableOfType(
            CompactedException.class, () -> storage.list(key("items/"), null, 0, a.modRevision()));

    assertThat(failure.requested()).isEqualTo(a.modRevision());
    assertThat(failure.compacted()).isEqualTo(compactTo);
    assertThat(storage.list(key("items/"), null, 0, compactTo).items())
        .extracting(kv -> text(kv.value()))
        .containsExactly("2");
  }

  @Test
  void listAboveTheCurrentRevisionFailsWithFutureRevision() {
    storage.create(key("a"), bytes("1"));
    long current = storage.currentRevision();

    FutureRevisionException failure =
        catchThrowableOfType(
            FutureRevisionException.class, () -> storage.list(root, null, 0, current + 1));

    assertThat(failure.requested()).isEqualTo(current + 1);
    assertThat(failure.current()).isEqualTo(current);
  }

  @Test
  void countCountsOnlyLiveKeysUnderThePrefix() {
    storage.create(key("items/a"), bytes("a"));
    storage.create(key("items/b"), bytes("b"));
    storage.create(key("items/c"), bytes("c"));
    storage.delete(key("items/b"), 0);
    storage.create(key("other/x"), bytes("x"));

    assertThat(storage.count(key("items/"))).isEqualTo(2);
    assertThat(storage.count(key("none/"))).isZero();
  }

  // ---- compaction

  @Test
  void compactionKeepsEveryStateFromTheCompactedRevisionOn() {
    KeyValue a = storage.create(key("items/a"), bytes("a1"));
    KeyValue a2 = storage.update(key("items/a"), bytes("a2"), a.modRevision());
    storage.create(key("items/b"), bytes("b1"));
    storage.delete(key("items/b"), 0);
    storage.create(key("items/c"), bytes("c1"));
    long compactTo = storage.currentRevision();
    storage.update(key("items/a"), bytes("a3"), a2.modRevision());
    storage.delete(key("items/c"), 0);

    storage.compact(compactTo);

    assertThat(storage.compactedRevision()).isEqualTo(compactTo);
    assertThat(values(storage.list(key("items/"), null, 0, compactTo)))
        .containsExactly(key("items/a") + "=a2", key("items/c") + "=c1");
    assertThat(values(storage.list(key("items/"), null, 0, 0))).containsExactly(key("items/a") + "=a3");
    assertThat(storage.get(key("items/b"))).isEmpty();
  }

  @Test
  void compactingAtTheCurrentRevisionKeepsTheLatestStateAndTheRevisionCounter() {
    KeyValue a = storage.create(key("a"), bytes("1"));
    storage.update(key("a"), bytes("2"), a.modRevision());
    storage.create(key("b"), bytes("x"));
    storage.delete(key("b"), 0);
    long current = storage.currentRevision();

    storage.compact(current);

    assertThat(storage.currentRevision()).isEqualTo(current);
    assertThat(text(storage.get(key("a")).orElseThrow().value())).isEqualTo("2");
    assertThat(storage.get(key("b"))).isEmpty();
    assertThat(storage.create(key("c"), bytes("y")).modRevision()).isEqualTo(current + 1);
  }

  @Test
  void compactingAtOrBelowTheCompactedRevisionChangesNothing() {
    storage.create(key("a"), bytes("1"));
    storage.create(key("b"), bytes("2"));
    long compactTo = storage.currentRevision();
    storage.compact(compactTo);

    storage.compact(compactTo);
    storage.compact(compactTo - 1);

    assertThat(storage.compactedRevision()).isEqualTo(compactTo);
  }

  @Test
  void compactingAboveTheCurrentRevisionFailsWithFutureRevision() {
    storage.create(key("a"), bytes("1"));
    long current = storage.currentRevision();
    long compactedBefore = storage.compactedRevision();

    FutureRevisionException failure =
        catchThrowableOfType(FutureRevisionException.class, () -> storage.compact(current + 1));

    assertThat(failure.requested()).isEqualTo(current + 1);
    assertThat(storage.compactedRevision()).isEqualTo(compactedBefore);
  }

  // ---- watch

  @Test
  void watchReplaysHistoryThenDeliversLiveEventsInRevisionOrder() {
    long base = storage.currentRevision();
    KeyValue a = storage.create(key("a"), bytes("1"));
    storage.update(key("a"), bytes("2"), a.modRevision());
    storage.create(key("b"), bytes("1"));
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, base, listener)) {
      storage.delete(key("b"), 0);
      storage.create(key("c"), bytes("1"));

      assertThat(listener.take(5)).extracting(WatchEvent::revision)
          .containsExactlyElementsOf(range(base + 1, base + 5));
    }
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void watchFromAMidRevisionReplaysOnlyLaterEvents() {
    storage.create(key("a"), bytes("1"));
    long after = storage.currentRevision();
    storage.create(key("b"), bytes("1"));
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, after, listener)) {
      KeyValue c = storage.create(key("c"), bytes("1"));

      assertThat(listener.takeThrough(c.modRevision()))
          .extracting(event -> event.kv().key())
          .containsExactly(key("b"), key("c"));
    }
  }

  @Test
  void watchAfterRevisionZeroReplaysFromTheFirstRevision() {
    Assumptions.assumeTrue(newStorageIsEmpty(), "the backend's stores are not empty when made");
    storage.create(key("a"), bytes("1"));
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, 0, listener)) {
      KeyValue b = storage.create(key("b"), bytes("1"));

      assertThat(listener.takeThrough(b.modRevision()))
          .extracting(WatchEvent::revision)
          .containsExactly(1L, 2L);
    }
  }

  @Test
  void watchAfterTheCurrentRevisionDeliversOnlyLaterChanges() {
    storage.create(key("old"), bytes("1"));
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, storage.currentRevision(), listener)) {
      KeyValue fresh = storage.create(key("new"), bytes("1"));

      assertThat(listener.takeThrough(fresh.modRevision()))
          .extracting(event -> event.kv().key())
          .containsExactly(key("new"));
    }
  }

  @Test
  void watchSeesOnlyKeysUnderItsPrefix() {
    long base = storage.currentRevision();
    storage.create(key("a/bc/early"), bytes("sibling"));
    storage.create(key("a/b/early"), bytes("in"));
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(key("a/b/"), base, listener)) {
      storage.create(key("a/bc/late"), bytes("sibling"));
      storage.create(key("a/b"), bytes("the prefix without its slash"));
      KeyValue last = storage.create(key("a/b/late"), bytes("in"));

      assertThat(listener.takeThrough(last.modRevision()))
          .extracting(event -> event.kv().key())
          .containsExactly(key("a/b/early"), key("a/b/late"));
    }
  }

  @Test
  void watchEventsCarryTheNewAndThePreviousState() {
    long base = storage.currentRevision();
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, base, listener)) {
      KeyValue created = storage.create(key("a"), bytes("1"));
      KeyValue updated = storage.update(key("a"), bytes("2"), created.modRevision());
      Deleted deleted = storage.delete(key("a"), 0);

      List<WatchEvent> events = listener.takeThrough(deleted.revision());

      assertThat(events).hasSize(3);
      assertThat(events.get(0).type()).isEqualTo(WatchEvent.Type.PUT);
      assertThat(events.get(0).isCreate()).isTrue();
      assertThat(show(events.get(0).kv())).isEqualTo(show(created));
      assertThat(events.get(0).prevKv()).isNull();

      assertThat(events.get(1).type()).isEqualTo(WatchEvent.Type.PUT);
      assertThat(events.get(1).isCreate()).isFalse();
      assertThat(show(events.get(1).kv())).isEqualTo(show(updated));
      assertThat(show(events.get(1).prevKv())).isEqualTo(show(created));

      assertDeleteEvent(events.get(2), deleted, updated);
    }
  }

  @Test
  void replayedEventsLookExactlyLikeLiveOnes() {
    long base = storage.currentRevision();
    RecordingListener live = new RecordingListener();
    List<WatchEvent> seenLive;
    try (Watch watch = storage.watch(root, base, live)) {
      KeyValue a = storage.create(key("a"), bytes("1"));
      storage.update(key("a"), bytes("2"), a.modRevision());
      storage.create(key("b"), bytes("1"));
      storage.delete(key("a"), 0);
      seenLive = live.takeThrough(storage.currentRevision());
    }
    RecordingListener replay = new RecordingListener();

    try (Watch watch = storage.watch(root, base, replay)) {
      assertThat(replay.take(seenLive.size()))
          .extracting(StorageContract::show)
          .containsExactlyElementsOf(seenLive.stream().map(StorageContract::show).toList());
    }
  }

  @Test
  void aDeletedKeyReplaysAsADeleteEventWithItsLastState() {
    KeyValue created = storage.create(key("a"), bytes("1"));
    Deleted deleted = storage.delete(key("a"), created.modRevision());
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, created.modRevision(), listener)) {
      assertDeleteEvent(listener.take(1).get(0), deleted, created);
    }
  }

  @Test
  void watchFromBeforeTheCompactedRevisionFailsWithCompacted() {
    storage.create(key("a"), bytes("1"));
    long tooOld = storage.currentRevision();
    storage.create(key("b"), bytes("1"));
    KeyValue c = storage.create(key("c"), bytes("1"));
    storage.compact(c.modRevision());

    CompactedException failure =
        catchThrowableOfType(
            CompactedException.class, () -> storage.watch(root, tooOld, new RecordingListener()));

    assertThat(failure.compacted()).isEqualTo(c.modRevision());
  }

  @Test
  void watchFromJustBeforeTheCompactedRevisionReplaysTheCompactedRevision() {
    KeyValue a = storage.create(key("a"), bytes("1"));
    KeyValue b = storage.create(key("b"), bytes("1"));
    storage.compact(b.modRevision());
    RecordingListener listener = new RecordingListener();

    try (Watch watch = storage.watch(root, a.modRevision(), listener)) {
      assertThat(listener.take(1)).extracting(StorageContract::show).containsExactly(
          "PUT " + show(b) + " prev=null");
    }
  }

  @Test
  void closingAWatchCallsOnCloseWithNullOnceAndStopsDelivery() {
    RecordingListener closedOne = new RecordingListener();
    RecordingListener witness = new RecordingListener();
    Watch watch = storage.watch(root, storage.currentRevision(), closedOne);
    try (Watch other = storage.watch(root, storage.currentRevision(), witness)) {
      watch.close();
      assertThat(closedOne.awaitClose()).isNull();

      KeyValue after = storage.create(key("after-close"), bytes("1"));
      watch.close();

      assertThat(witness.takeThrough(after.modRevision())).isNotEmpty();
    }
    assertThat(closedOne.pending()).isEmpty();
    assertThat(closedOne.violations()).isEmpty();
    assertThat(witness.awaitClose()).isNull();
  }

  @Test
  void closingTheStoreClosesEveryWatchWithACause() {
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    // From now: history from revision 0 is not promised by a shared etcd that others compact, nor by a cache.
    long now = storage.currentRevision();
    storage.watch(root, now, first);
    storage.watch(key("other/"), now, second);

    storage.close();

    assertThat(first.awaitClose()).isInstanceOf(StorageException.class);
    assertThat(second.awaitClose()).isInstanceOf(StorageException.class);
    assertThat(first.violations()).isEmpty();
  }

  @Test
  void aRequestedProgressFollowsTheEventsBeforeItAndTellsHowFarTheStoreHasCome() throws InterruptedException {
    Assumptions.assumeTrue(
        storage.answersProgressRequests(),
        "this store's watches do not answer progress requests (etcd before 3.4.31 and 3.5.13 answers them wrongly)");
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    WatchListener listener =
        new WatchListener() {
          @Override
          public void onEvent(WatchEvent event) {
            seen.add("event " + event.revision());
          }

          @Override
          public void onProgress(long revision) {
            seen.add("progress " + revision);
          }

          @Override
          public void onClose(Throwable cause) {
            seen.add("closed " + cause);
          }
        };
    try (Watch watch = storage.watch(key("quiet/"), storage.currentRevision(), listener)) {
      KeyValue inPrefix = storage.create(key("quiet/a"), bytes("1"));
      KeyValue elsewhere = storage.create(key("busy/b"), bytes("1"));

      List<String> delivered = new ArrayList<>();
      long progress = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (progress < elsewhere.modRevision()) {
        assertThat(System.nanoTime()).as("progress up to %d; got %s", elsewhere.modRevision(), delivered)
            .isLessThan(deadline);
        // etcd answers a progress request only once the watch is synced: ask again until it does.
        watch.requestProgress();
        String next = seen.poll(100, TimeUnit.MILLISECONDS);
        if (next != null) {
          delivered.add(next);
          if (next.startsWith("progress ")) {
            progress = Long.parseLong(next.substring("progress ".length()));
          }
        }
      }

      // The one event comes before any progress that covers it; progress only grows.
      int event = delivered.indexOf("event " + inPrefix.modRevision());
      assertThat(event).as("the event in %s", delivered).isNotNegative();
      List<Long> progressed =
          delivered.stream()
              .filter(line -> !line.equals(delivered.get(event)))
              .map(line -> Long.parseLong(line.substring("progress ".length())))
              .toList();
      assertThat(progressed).isSorted().doesNotHaveDuplicates();
      assertThat(progressed.subList(0, event)).allSatisfy(revision -> assertThat(revision).isLessThan(inPrefix.modRevision()));
      assertThat(progress).isEqualTo(elsewhere.modRevision());
    }
  }

  // ---- concurrency

  @Test
  void concurrentConditionalUpdatesLoseNoUpdate() throws Exception {
    int threads = 4;
    int incrementsEach = 200;
    storage.create(key("counter"), bytes("0"));
    Set<Long> revisions = ConcurrentHashMap.newKeySet();

    runConcurrently(
        threads,
        () -> {
          for (int i = 0; i < incrementsEach; i++) {
            while (true) {
              KeyValue current = storage.get(key("counter")).orElseThrow();
              long next = Long.parseLong(text(current.value())) + 1;
              try {
                KeyValue written =
                    storage.update(key("counter"), bytes(Long.toString(next)), current.modRevision());
                revisions.add(written.modRevision());
                break;
              } catch (RevisionConflictException conflict) {
                // Lost the race: read again and retry, as GuaranteedUpdate does.
              }
            }
          }
          return null;
        });

    assertThat(text(storage.get(key("counter")).orElseThrow().value()))
        .isEqualTo(Integer.toString(threads * incrementsEach));
    assertThat(revisions.size()).isEqualTo(threads * incrementsEach);
  }

  @Test
  void concurrentWatchersSeeEveryRevisionOnceAndInOrder() throws Exception {
    int writers = 2;
    int writesEach = 150;
    int total = writers * writesEach;
    long base = storage.currentRevision();
    List<RecordingListener> listeners = new CopyOnWriteArrayList<>();
    List<Watch> watches = new CopyOnWriteArrayList<>();
    CountDownLatch halfway = new CountDownLatch(total / 2);
    ExecutorService joiner = Executors.newSingleThreadExecutor();
    try {
      listeners.add(watchFrom(base, watches));
      Future<?> lateWatchers =
          joiner
              .submit(
                  () -> {
                    // Joins while writes are running: its replay and live events meet mid-stream.
                    halfway.await();
                    listeners.add(watchFrom(base, watches));
                    return null;
                  });
      runConcurrently(
          writers,
          () -> {
            String writer = UUID.randomUUID().toString().substring(0, 4);
            for (int i = 0; i < writesEach; i++) {
              storage.create(key("load/" + writer + "-" + i), bytes(Integer.toString(i)));
              halfway.countDown();
            }
            return null;
          });
      lateWatchers.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      listeners.add(watchFrom(base, watches));

      for (RecordingListener listener : listeners) {
        assertThat(listener.take(total))
            .extracting(WatchEvent::revision)
            .containsExactlyElementsOf(range(base + 1, base + total));
        assertThat(listener.pending()).isEmpty();
      }
    } finally {
      joiner.shutdownNow();
      watches.forEach(Watch::close);
    }
  }

  @Test
  void concurrentCreatesOfDistinctKeysAllSucceedWithDistinctGapFreeRevisions() throws Exception {
    int threads = 8;
    int createsEach = 50;
    long base = storage.currentRevision();
    Set<Long> revisions = ConcurrentHashMap.newKeySet();
    List<KeyValue> created = new CopyOnWriteArrayList<>();

    runConcurrently(
        threads,
        () -> {
          String writer = UUID.randomUUID().toString().substring(0, 8);
          for (int i = 0; i < createsEach; i++) {
            KeyValue kv = storage.create(key("distinct/" + writer + "-" + i), bytes(writer + "-" + i));
            revisions.add(kv.modRevision());
            created.add(kv);
          }
          return null;
        });

    int total = threads * createsEach;
    assertThat(revisions).containsExactlyInAnyOrderElementsOf(range(base + 1, base + total));
    assertThat(storage.currentRevision()).isEqualTo(base + total);
    for (KeyValue kv : created) {
      assertThat(show(storage.get(kv.key()).orElseThrow())).isEqualTo(show(kv));
    }
  }

  @Test
  void concurrentCreatesOfOneKeyLetExactlyOneWinAndTellTheOthersItExists() throws Exception {
    int threads = 16;
    long base = storage.currentRevision();
    CountDownLatch start = new CountDownLatch(1);
    List<KeyValue> winners = new CopyOnWriteArrayList<>();
    List<KeyExistsException> losers = new CopyOnWriteArrayList<>();

    runConcurrently(
        threads,
        () -> {
          String contender = UUID.randomUUID().toString().substring(0, 8);
          start.await();
          try {
            winners.add(storage.create(key("contested"), bytes(contender)));
          } catch (KeyExistsException exists) {
            losers.add(exists);
          }
          return null;
        },
        start);

    assertThat(winners).hasSize(1);
    assertThat(losers).hasSize(threads - 1).allSatisfy(loser -> assertThat(loser.key()).isEqualTo(key("contested")));
    assertThat(winners.get(0).modRevision()).isEqualTo(base + 1);
    assertThat(show(storage.get(key("contested")).orElseThrow())).isEqualTo(show(winners.get(0)));
    assertThat(storage.currentRevision()).isEqualTo(base + 1);
  }

  @Test
  void concurrentWritesReachAWatchInTheOrderOfTheirRevisions() throws Exception {
    int threads = 4;
    int writesEach = 60;
    long base = storage.currentRevision();
    // What each writer was told, by revision: the watch must show the same write at the same revision.
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    RecordingListener listener = new RecordingListener();
    try (Watch watch = storage.watch(root, base, listener)) {
      runConcurrently(
          threads,
          () -> {
            String writer = UUID.randomUUID().toString().substring(0, 8);
            KeyValue kv = storage.create(key("ordered/" + writer), bytes("0"));
            acknowledged.put(kv.modRevision(), show(kv));
            for (int i = 1; i < writesEach; i++) {
              kv = storage.update(kv.key(), bytes(Integer.toString(i)), kv.modRevision());
              acknowledged.put(kv.modRevision(), show(kv));
            }
            return null;
          });

      int total = threads * writesEach;
      List<WatchEvent> events = listener.take(total);
      assertThat(events).extracting(WatchEvent::revision).containsExactlyElementsOf(range(base + 1, base + total));
      assertThat(events).allSatisfy(event -> assertThat(show(event.kv())).isEqualTo(acknowledged.get(event.revision())));
      assertThat(listener.pending()).isEmpty();
    }
  }

  // ---- restart

  @Test
  void reopeningKeepsDataRevisionAndCompactedRevision() throws Exception {
    KeyValue a = storage.create(key("a"), bytes("1"));
    storage.update(key("a"), bytes("2"), a.modRevision());
    storage.create(key("b"), bytes("1"));
    long compactTo = storage.currentRevision();
    storage.delete(key("b"), 0);
    storage.compact(compactTo);
    long current = storage.currentRevision();

    storage = reopen(storage);

    assertThat(storage.currentRevision()).isEqualTo(current);
    assertThat(storage.compactedRevision()).isEqualTo(compactTo);
    assertThat(values(storage.list(root, null, 0, 0))).containsExactly(key("a") + "=2");
    assertThat(values(storage.list(root, null, 0, compactTo))).containsExactly(key("a") + "=2", key("b") + "=1");
    assertThat(storage.create(key("c"), bytes("1")).modRevision()).isEqualTo(current + 1);
  }

  @Test
  void aWatchResumesAfterReopenFromTheRevisionItHadReached() throws Exception {
    storage.create(key("a"), bytes("1"));
    long reached = storage.currentRevision();
    storage.create(key("b"), bytes("1"));

    storage = reopen(storage);
    RecordingListener listener = new RecordingListener();

    if (!watchHistorySurvivesReopen()) {
      // The window of the reopened store starts after the writes: the watch is refused, never partly replayed.
      CompactedException refused =
          catchThrowableOfType(CompactedException.class, () -> storage.watch(root, reached, listener));
      assertThat(refused.requested()).isEqualTo(reached);
      assertThat(refused.compacted()).isGreaterThan(reached + 1);
      return;
    }
    try (Watch watch = storage.watch(root, reached, listener)) {
      KeyValue c = storage.create(key("c"), bytes("1"));
      assertThat(listener.takeThrough(c.modRevision()))
          .extracting(event -> event.kv().key())
          .containsExactly(key("b"), key("c"));
    }
  }

  // ---- helpers

  protected String key(String name) {
    return root + name;
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  protected static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  /** A KeyValue as comparable text (records compare byte arrays by identity). */
  protected static String show(KeyValue kv) {
    return kv == null
        ? "null"
        : kv.key() + "=" + text(kv.value()) + "@" + kv.createRevision() + "/" + kv.modRevision();
  }

  protected static String show(WatchEvent event) {
    return event.type() + " " + show(event.kv()) + " prev=" + show(event.prevKv());
  }

  private static void assertDeleteEvent(WatchEvent event, Deleted deleted, KeyValue lastState) {
    assertThat(event.type()).isEqualTo(WatchEvent.Type.DELETE);
    assertThat(event.kv().key()).isEqualTo(lastState.key());
    assertThat(event.kv().value()).isNull();
    assertThat(event.kv().modRevision()).isEqualTo(deleted.revision());
    assertThat(event.revision()).isEqualTo(deleted.revision());
    assertThat(show(event.prevKv())).isEqualTo(show(lastState));
    assertThat(event.isCreate()).isFalse();
  }

  private static List<String> keys(ListPage page) {
    return page.items().stream().map(KeyValue::key).toList();
  }

  private static List<String> values(ListPage page) {
    return page.items().stream().map(kv -> kv.key() + "=" + text(kv.value())).toList();
  }

  /** Kubernetes' continue token resumes at the key right after the last one returned. */
  private static String continueAfter(ListPage page) {
    return page.items().get(page.items().size() - 1).key() + "\0";
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private RecordingListener watchFrom(long afterRevision, List<Watch> opened) {
    RecordingListener listener = new RecordingListener();
    opened.add(storage.watch(root, afterRevision, listener));
    return listener;
  }

  private static void runConcurrently(int threads, Callable<Void> work) throws Exception {
    runConcurrently(threads, work, new CountDownLatch(0));
  }

  /** Runs {@code work} on {@code threads} threads, opening {@code gate} once every one was handed its work. */
  private static void runConcurrently(int threads, Callable<Void> work, CountDownLatch gate) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures =
          IntStream.range(0, threads).mapToObj(i -> executor.submit(work)).toList();
      gate.countDown();
      for (Future<Void> future : futures) {
        future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
