package dev.aggregation.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptHeaderTest {
  @Test
  void keepsTheClientsOrderAndParametersOfEqualQuality() {
    List<MediaRange> ranges =
        AcceptHeader.parse("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

    assertThat(ranges)
        .containsExactly(
            new MediaRange("application", "json", Map.of("g", "apidiscovery.k8s.io", "v", "v2", "as", "APIGroupDiscoveryList"), 1.0),
            new MediaRange("application", "json", Map.of(), 1.0));
  }

  @Test
  void ordersByQualityThenSpecificity() {
    List<MediaRange> ranges = AcceptHeader.parse("*/*;q=0.8, application/*;q=0.9, text/plain, application/json;q=0.9");

    assertThat(ranges).extracting(r -> r.type() + "/" + r.subtype()).containsExactly("text/plain", "application/json", "application/*", "*/*");
  }

  @Test
  void dropsRefusedAndMalformedRanges() {
    assertThat(AcceptHeader.parse("application/json;q=0, text/html;q=abc, garbage, application/yaml"))
        .extracting(MediaRange::subtype)
        .containsExactly("yaml");
  }

  @Test
  void acceptsAnythingWithoutAHeader() {
    assertThat(AcceptHeader.parse(null)).singleElement().satisfies(r -> assertThat(r.admits("application", "json")).isTrue());
  }

  @Test
  void treatsABareStarAsAnyType() {
    assertThat(AcceptHeader.parse("*")).singleElement().isEqualTo(new MediaRange("*", "*", Map.of(), 1.0));
  }

  @Test
  void keepsTheClientsOrderOfRangesThatDifferOnlyInParameters() {
    assertThat(AcceptHeader.parse("application/json, application/json;as=Table;v=v1;g=meta.k8s.io"))
        .extracting(r -> r.parameter("as"))
        .containsExactly(null, "Table");
  }

  @Test
  void lowerCasesTypesAndParameterNamesAndUnquotesValues() {
    assertThat(AcceptHeader.parse("Application/JSON; AS=\"Table\"; q=0.5"))
        .singleElement()
        .isEqualTo(new MediaRange("application", "json", Map.of("as", "Table"), 0.5));
  }

  @Test
  void parsesAContentTypeWithItsEssence() {
    MediaRange contentType = MediaRange.parse("application/json; charset=utf-8");

    assertThat(contentType.essence()).isEqualTo("application/json");
    assertThat(contentType.parameter("charset")).isEqualTo("utf-8");
  }

  @Test
  void rejectsAMalformedContentType() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MediaRange.parse("json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid media type \"json\"");
  }
}
