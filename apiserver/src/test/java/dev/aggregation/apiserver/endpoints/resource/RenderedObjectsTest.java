package dev.aggregation.apiserver.endpoints.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RenderedObjectsTest {
  private static final String KEY = "/registry/wardle.example.com/flunders/default/one";

  private final RenderedObjects rendered = new RenderedObjects(1024 * 1024);
  private final AtomicInteger renders = new AtomicInteger();

  private Supplier<byte[]> render(String text) {
    return () -> {
      renders.incrementAndGet();
      return text.getBytes(StandardCharsets.UTF_8);
    };
  }

  @Test
  void rendersAnObjectOnceForTheSameKeyRevisionAndRendering() {
    byte[] first = rendered.get(KEY, 7, "v1beta1/json", render("first"));
    // equal but distinct strings, as each request builds its own key and rendering name
    byte[] second = rendered.get(new String(KEY), 7, new String("v1beta1/json"), render("second"));

    assertThat(second).isSameAs(first);
    assertThat(renders).hasValue(1);
  }

  @Test
  void rendersAnewForAnotherRevisionRenderingOrKey() {
    rendered.get(KEY, 7, "v1beta1/json", render("at 7"));

    assertThat(rendered.get(KEY, 8, "v1beta1/json", render("at 8"))).asString(StandardCharsets.UTF_8).isEqualTo("at 8");
    assertThat(rendered.get(KEY, 7, "v1alpha1/json", render("v1alpha1"))).asString(StandardCharsets.UTF_8).isEqualTo("v1alpha1");
    assertThat(rendered.get(KEY + "-other", 7, "v1beta1/json", render("other"))).asString(StandardCharsets.UTF_8).isEqualTo("other");
    assertThat(renders).hasValue(4);
  }
}
