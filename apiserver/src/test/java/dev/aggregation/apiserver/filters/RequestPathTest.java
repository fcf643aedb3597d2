package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestPathTest {
  @Test
  void decodesEveryEscapeAsGoUrlPathDoes() {
    assertThat(RequestPath.decode("/apis/g/v/namespaces/ns/flunders/a%20b%00c+d")).isEqualTo("/apis/g/v/namespaces/ns/flunders/a b\u0000c+d");
    assertThat(RequestPath.decode("/apis/g/v/flunders/a%2Fb")).isEqualTo("/apis/g/v/flunders/a/b");
    assertThat(RequestPath.decode("/apis/g/v/flunders/%C3%A9")).isEqualTo("/apis/g/v/flunders/é");
  }

  @Test
  void refusesLiteralAndEscapedDotSegments() {
    for (String path : new String[] {"/apis/g/v/namespaces/../flunders", "/apis/g/v/./flunders", "/apis/g/v/namespaces/%2E%2E/flunders",
        "/apis/g/v/namespaces/ns/flunders/a%2F..%2F..%2Fx", "/healthz/%2e%2e/openapi/v2"}) {
      assertThatThrownBy(() -> RequestPath.decode(path)).as(path).isInstanceOf(RequestPath.InvalidPathException.class)
          .hasMessageContaining("dot segments");
    }
  }

  @Test
  void returnsAPathWithoutEscapesAsItIs() {
    assertThat(RequestPath.decode("/apis/g/v/flunders/caf\u00e9-\ud83d\ude00")).isEqualTo("/apis/g/v/flunders/caf\u00e9-\ud83d\ude00");
    assertThat(RequestPath.decode("/")).isEqualTo("/");
  }

  @Test
  void keepsCharactersBeyondTheBasicPlaneBesideEscapes() {
    assertThat(RequestPath.decode("/apis/g/v/flunders/%41\ud83d\ude00")).isEqualTo("/apis/g/v/flunders/A\ud83d\ude00");
  }

  @Test
  void refusesADotSegmentAtTheEnd() {
    assertThatThrownBy(() -> RequestPath.decode("/apis/g/v/..")).isInstanceOf(RequestPath.InvalidPathException.class);
    assertThatThrownBy(() -> RequestPath.decode(".")).isInstanceOf(RequestPath.InvalidPathException.class);
  }

  @Test
  void keepsDotsInsideSegments() {
    assertThat(RequestPath.decode("/apis/wardle.example.com/v1/flunders/a..b")).isEqualTo("/apis/wardle.example.com/v1/flunders/a..b");
  }

  @Test
  void refusesMalformedEscapes() {
    assertThatThrownBy(() -> RequestPath.decode("/apis/%zz")).hasMessage("invalid URL escape \"%zz\"");
    assertThatThrownBy(() -> RequestPath.decode("/apis/%4")).hasMessage("invalid URL escape \"%4\"");
  }
}
