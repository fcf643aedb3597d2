package dev.aggregation.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.RecordingListener;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Progress on etcd's watches keeps the SPI's promise whatever etcd's version: a new watch from an older revision
 * is "unsynced" in etcd until etcd's sync loop (every 100 ms) sends it the history, and etcd before 3.4.25 and
 * 3.5.8 (etcd-io/etcd#15220) answers a progress request meanwhile with its current revision, ahead of those
 * events. The store must not pass such a progress on.
 */
class EtcdWatchProgressTest {
  private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @Test
  void aWatchCatchingUpOnHistoryNeverReportsProgressAheadOfItsEvents() throws InterruptedException {
    try (EtcdStorage storage = EtcdStorage.connect(etcd.options())) {
      // The first watch of a client waits for its channel longer than etcd's sync loop takes: warm it up.
      RecordingListener warmUp = new RecordingListener();
      try (Watch watch = storage.watch("/registry/warm-up/", storage.currentRevision(), warmUp)) {
        warmUp.takeThrough(storage.create("/registry/warm-up/" + System.nanoTime(), "v".getBytes(UTF_8)).modRevision());
      }
      String prefix = "/registry/progress-" + System.nanoTime() + "/";
      long before = storage.currentRevision();
      int writes = 20;
      for (int i = 0; i < writes; i++) {
        storage.create(prefix + i, "v".getBytes(UTF_8));
      }
      long last = before + writes;
      List<String> seen = new CopyOnWriteArrayList<>();
      List<String> violations = new CopyOnWriteArrayList<>();
      WatchListener listener =
          new WatchListener() {
            private long delivered = before;

            @Override
            public void onEvent(WatchEvent event) {
              delivered = event.revision();
              seen.add("event " + event.revision());
            }

            @Override
            public void onProgress(long revision) {
              if (revision > delivered && delivered < last) {
                violations.add("progress " + revision + " while events only up to " + delivered + " had come");
              }
              seen.add("progress " + revision);
            }

            @Override
            public void onClose(Throwable cause) {
              seen.add("closed " + cause);
            }
          };

      try (Watch watch = storage.watch(prefix, before, listener)) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        // Ask while etcd is still catching the new watch up: that is when an old etcd answers wrongly.
        while (!seen.contains("event " + last)) {
          assertThat(System.nanoTime()).as("the events up to %d; got %s", last, seen).isLessThan(deadline);
          watch.requestProgress();
          Thread.sleep(1);
        }
      }

      assertThat(violations).as("what the watch delivered: %s", seen).isEmpty();
    }
  }
}
