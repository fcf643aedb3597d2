package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HeaderPrefixTest {
  @Test
  void removesEveryHeaderStartingWithThePrefixWhateverItsCase() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("X-Remote-Extra-Scopes", "a")
        .add("x-remote-extra-scopes", "b")
        .add("X-REMOTE-EXTRA-Team", "c")
        .add("X-Remote-User", "alice")
        .add("Accept", "application/json");

    HeaderPrefix.removeAll(headers, "X-Remote-Extra-");

    assertThat(headers.names()).containsExactlyInAnyOrder("X-Remote-User", "Accept");
  }

  @Test
  void leavesHeadersThatOnlyContainThePrefixOrAreShorter() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("My-X-Remote-Extra-A", "1").add("X-Remote-Ext", "2");

    HeaderPrefix.removeAll(headers, "X-Remote-Extra-");

    assertThat(headers.size()).isEqualTo(2);
  }
}
