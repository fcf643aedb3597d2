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
    EventWindow window = new EventWindow(2, 8, Long.MAX_VALUE, FRESHNESS, now::get);
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
    EventWindow window = new EventWindow(2, 8, Long.MAX_VALUE, FRESHNESS, now::get);
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
    EventWindow window = new EventWindow(10, 10, Long.MAX_VALUE, FRESHNESS, now::get);
    window.reset(100);
    window.append(put("/a/x", 101));
    window.append(put("/b/y", 102));
    window.append(put("/a/z", 103));

    assertThat(window.after(101, "/a/")).extracting(WatchEvent::revision).containsExactly(103L);
    assertThat(window.after(100, "/a/")).extracting(WatchEvent::revision).containsExactly(101L, 103L);
    assertThat(window.after(103, "/a/")).isEmpty();
    assertThat(window.start()).isEqualTo(100);
  }

  @Test
  void aWindowOverItsByteBudgetDropsItsOldestEventsDownToItsMinimumAndStartsAfterThem() {
    WatchEvent first = put("/a/k", 1, 1_000);
    long budget = 3 * EventWindow.footprint(first);
    EventWindow window = new EventWindow(2, 100, budget, FRESHNESS, now::get);
    window.reset(0);

    for (long revision = 1; revision <= 6; revision++) {
      window.append(put("/a/k", revision, 1_000));
    }

    assertThat(window.after(0, "/a/")).extracting(WatchEvent::revision).containsExactly(4L, 5L, 6L);
    assertThat(window.start()).isEqualTo(3);
    assertThat(window.bytes()).isEqualTo(budget);
  }

  @Test
  void aWindowKeepsItsMinimumEventsHoweverLarge() {
    EventWindow window = new EventWindow(2, 100, 1, FRESHNESS, now::get);
    window.reset(0);

    for (long revision = 1; revision <= 5; revision++) {
      window.append(put("/a/k", revision, 10_000));
    }

    assertThat(window.after(0, "/a/")).extracting(WatchEvent::revision).containsExactly(4L, 5L);
    assertThat(window.start()).isEqualTo(3);
  }

  @Test
  void theBytesOfADeleteCountItsPreviousValueAndOfAHalvedWindowOnlyWhatItKept() {
    EventWindow window = new EventWindow(2, 8, Long.MAX_VALUE, FRESHNESS, now::get);
    window.reset(0);
    WatchEvent created = put("/a/k", 1, 500);
    WatchEvent deleted = new WatchEvent(WatchEvent.Type.DELETE, new KeyValue("/a/k", null, 1, 2), created.kv());
    window.append(created);
    window.append(deleted);

    assertThat(EventWindow.footprint(deleted)).isEqualTo(EventWindow.OVERHEAD + 2 * "/a/k".length() + 500);
    assertThat(window.bytes()).isEqualTo(EventWindow.footprint(created) + EventWindow.footprint(deleted));

    for (long revision = 3; revision <= 8; revision++) {
      window.append(put("/a/k", revision, 1));
    }
    now.addAndGet(FRESHNESS.multipliedBy(2).toNanos());
    window.append(put("/a/k", 9, 1)); // halves to the newest four, then evicts one for this

    assertThat(window.bytes()).isEqualTo(4 * EventWindow.footprint(put("/a/k", 0, 1)));
  }

  private static WatchEvent put(String key, long revision, int valueBytes) {
    return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(key, new byte[valueBytes], revision, revision), null);
  }

  private static WatchEvent put(String key, long revision) {
    return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(key, new byte[] {1}, revision, revision), null);
  }
}
