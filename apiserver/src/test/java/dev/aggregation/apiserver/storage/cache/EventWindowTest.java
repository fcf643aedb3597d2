package dev.aggregation.apiserver.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.WatchEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window's sizing as kube's watch cache sizes it, on a clock the test moves. */
class EventWindowTest {
  private static final Duration FRESHNESS = Duration.ofSeconds(75);

  private final AtomicLong now = new AtomicLong();

  @Test
  void aFullWindowOfFreshEventsDoublesUpToItsMaximum() {
    EventWindow window = new EventWindow(2, 8, FRESHNESS, now::get);
    window.reset(0);

    for (long revision = 1; revision <= 12; revision++) {
      window.append(put("/a/k", revision));
    }

    assertThat(window.capacity()).isEqualTo(8);
    assertThat(window.size()).isEqualTo(8);
    assertThat(window.start()).isEqualTo(4);
  }

  @Test
  void aWindowWhoseNewestQuarterIsStaleHalvesAndStartsLater() {
    EventWindow window = new EventWindow(2, 8, FRESHNESS, now::get);
    window.reset(0);
    for (long revision = 1; revision <= 8; revision++) {
      window.append(put("/a/k", revision));
    }
    now.addAndGet(FRESHNESS.multipliedBy(2).toNanos());

    window.append(put("/a/k", 9));

    assertThat(window.capacity()).isEqualTo(4);
    // Halved to the newest four (5..8), then full: the new event evicts 5.
    assertThat(window.after(0, "/a/")).extracting(WatchEvent::revision).containsExactly(6L, 7L, 8L, 9L);
    assertThat(window.start()).isEqualTo(5);
  }

  @Test
  void eventsAfterARevisionComeInOrderAndOnlyUnderThePrefix() {
    EventWindow window = new EventWindow(10, 10, FRESHNESS, now::get);
    window.reset(100);
    window.append(put("/a/x", 101));
    window.append(put("/b/y", 102));
    window.append(put("/a/z", 103));

    assertThat(window.after(101, "/a/")).extracting(WatchEvent::revision).containsExactly(103L);
    assertThat(window.after(100, "/a/")).extracting(WatchEvent::revision).containsExactly(101L, 103L);
    assertThat(window.after(103, "/a/")).isEmpty();
    assertThat(window.start()).isEqualTo(100);
  }

  private static WatchEvent put(String key, long revision) {
    return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(key, new byte[] {1}, revision, revision), null);
  }
}
