package dev.aggregation.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.RevisionConflictException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two stores on one etcd, as two apiserver replicas are: they act as one store. */
class EtcdReplicasTest {

  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private EtcdStorage first;
  private EtcdStorage second;
  private String root;

  @BeforeEach
  void connectReplicas() {
    first = EtcdStorage.connect(etcd.options());
    second = EtcdStorage.connect(etcd.options());
    root = "/registry/replicas-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @AfterEach
  void closeReplicas() {
    first.close();
    second.close();
  }

  @Test
  void anUpdateOnOneReplicaAtARevisionTheOtherHasReplacedGetsAConflictWithTheCurrentState() {
    KeyValue created = first.create(root + "a", bytes("1"));
    KeyValue updatedOnSecond = second.update(root + "a", bytes("2"), created.modRevision());

    RevisionConflictException conflict =
        catchThrowableOfType(
            RevisionConflictException.class, () -> first.update(root + "a", bytes("3"), created.modRevision()));

    assertThat(conflict.current().modRevision()).isEqualTo(updatedOnSecond.modRevision());
    assertThat(new String(conflict.current().value(), UTF_8)).isEqualTo("2");
  }

  @Test
  void eachReplicasWatchSeesEveryWriteOfBothInRevisionOrder() {
    long base = first.currentRevision();
    RecordingListener onFirst = new RecordingListener();
    RecordingListener onSecond = new RecordingListener();
    try (Watch a = first.watch(root, base, onFirst);
        Watch b = second.watch(root, base, onSecond)) {
      for (int i = 0; i < 20; i++) {
        EtcdStorage writer = i % 2 == 0 ? first : second;
        writer.create(root + "k" + i, bytes(Integer.toString(i)));
      }
      long last = first.currentRevision();

      List<Long> expected = LongStream.rangeClosed(base + 1, last).boxed().toList();
      assertThat(onFirst.takeThrough(last)).extracting(WatchEvent::revision).containsExactlyElementsOf(expected);
      assertThat(onSecond.takeThrough(last)).extracting(WatchEvent::revision).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aReplicaLearnsOfACompactionTheOtherRan() {
    KeyValue a = first.create(root + "a", bytes("1"));
    first.update(root + "a", bytes("2"), a.modRevision());
    long compactTo = first.currentRevision();
    second.compactedRevision();

    first.compact(compactTo);

    assertThat(second.compactedRevision()).isEqualTo(compactTo);
    CompactedException tooOld =
        catchThrowableOfType(CompactedException.class, () -> second.list(root, null, 0, a.modRevision()));
    assertThat(tooOld.compacted()).isEqualTo(compactTo);
    assertThat(tooOld.requested()).isEqualTo(a.modRevision());
  }

  @Test
  void compactionRunsOncePerIntervalAcrossReplicas() {
    EtcdCompactor onFirst = EtcdCompactor.manual(first);
    EtcdCompactor onSecond = EtcdCompactor.manual(second);
    syncTurns(onFirst, onSecond);

    for (int interval = 0; interval < 4; interval++) {
      first.create(root + "during-" + interval, bytes("x"));
      // The replicas' clocks are not aligned: which one ticks first changes from interval to interval.
      boolean firstLeads = interval % 2 == 0;
      long lead = (firstLeads ? onFirst : onSecond).tick();
      long follow = (firstLeads ? onSecond : onFirst).tick();

      assertThat(lead).as("the replica ticking first in interval %d compacts", interval).isPositive();
      assertThat(follow).as("the other replica in interval %d does not", interval).isZero();
      assertThat(first.compactedRevision()).isEqualTo(lead);
    }
  }

  @Test
  void whenTheCompactingReplicaStopsTheOtherTakesOver() {
    EtcdCompactor onFirst = EtcdCompactor.manual(first);
    EtcdCompactor onSecond = EtcdCompactor.manual(second);
    syncTurns(onFirst, onSecond);
    assertThat(onFirst.tick()).isPositive();
    assertThat(onSecond.tick()).isZero();

    // The first replica is gone: it ticks no more.
    first.create(root + "later", bytes("x"));
    long compacted = onSecond.tick();

    assertThat(compacted).isPositive();
    assertThat(second.compactedRevision()).isEqualTo(compacted);
  }

  /** Both replicas take their first (non-compacting) turn, so both know the current compaction turn. */
  private static void syncTurns(EtcdCompactor a, EtcdCompactor b) {
    a.tick();
    b.tick();
    a.tick();
    b.tick();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
