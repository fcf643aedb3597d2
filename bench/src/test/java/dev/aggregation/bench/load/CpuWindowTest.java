package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuWindowTest {
  /** A meter answering the given readings in turn. */
  private static CpuMeter readings(Duration... used) {
    Iterator<Duration> next = List.of(used).iterator();
    return next::next;
  }

  @Test
  void sharesEachMetersCpuInTheWindowOverTheOperationsInMicroseconds() throws Exception {
    CpuWindow window = CpuWindow.open(Map.of(
        "server", readings(Duration.ofSeconds(10), Duration.ofMillis(10_500)),
        "etcd", readings(Duration.ofSeconds(3), Duration.ofMillis(3_100))));

    Map<String, Double> perOperation = window.perOperation(5_000);

    assertThat(perOperation).containsExactlyInAnyOrderEntriesOf(Map.of("server", 100.0, "etcd", 20.0));
  }

  @Test
  void refusesToShareCpuOverNoOperations() throws Exception {
    CpuWindow window = CpuWindow.open(Map.of("server", readings(Duration.ZERO, Duration.ofSeconds(1))));

    assertThatThrownBy(() -> window.perOperation(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server");
  }
}
