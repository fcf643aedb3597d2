package dev.aggregation.apiserver.endpoints.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EncodedWatchEventsTest {
  private final EncodedWatchEvents events = new EncodedWatchEvents();

  private static ObjectNode hub(String name) {
    ObjectNode object = Json.object();
    object.putObject("metadata").put("name", name);
    return object;
  }

  @Test
  void watchersOfOneEventShareOneEncodedBuffer() {
    ObjectNode hub = hub("a");
    AtomicInteger encodings = new AtomicInteger();

    Buffer first = events.line(hub, "wardle.example.com/v1beta1", "ADDED", () -> {
      encodings.incrementAndGet();
      return "a\n".getBytes();
    });
    Buffer second = events.line(hub, "wardle.example.com/v1beta1", "ADDED", () -> {
      encodings.incrementAndGet();
      return "again\n".getBytes();
    });

    assertThat(second).isSameAs(first);
    assertThat(encodings).hasValue(1);
  }

  @Test
  void eachVersionAndTypeOfAnEventIsEncodedApart() {
    ObjectNode hub = hub("a");

    Buffer v1beta1 = events.line(hub, "wardle.example.com/v1beta1", "ADDED", () -> "v1beta1 added".getBytes());
    Buffer v1 = events.line(hub, "wardle.example.com/v1", "ADDED", () -> "v1 added".getBytes());
    Buffer modified = events.line(hub, "wardle.example.com/v1beta1", "MODIFIED", () -> "v1beta1 modified".getBytes());
    Buffer againV1beta1 = events.line(hub, "wardle.example.com/v1beta1", "ADDED", () -> "encoded twice".getBytes());

    assertThat(v1beta1.toString()).isEqualTo("v1beta1 added");
    assertThat(v1.toString()).isEqualTo("v1 added");
    assertThat(modified.toString()).isEqualTo("v1beta1 modified");
    assertThat(againV1beta1).isSameAs(v1beta1);
  }

  @Test
  void equalObjectsOfTwoEventsAreEncodedApart() {
    ObjectNode first = hub("a");
    ObjectNode equalButAnother = hub("a");

    Buffer one = events.line(first, "wardle.example.com/v1beta1", "ADDED", () -> "first".getBytes());
    Buffer other = events.line(equalButAnother, "wardle.example.com/v1beta1", "ADDED", () -> "second".getBytes());

    assertThat(one.toString()).isEqualTo("first");
    assertThat(other.toString()).isEqualTo("second");
  }
}
