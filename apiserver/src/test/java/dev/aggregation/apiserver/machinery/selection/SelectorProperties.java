package dev.aggregation.apiserver.machinery.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Label and field selectors from clients: any text parses or is a {@link SelectorParseException} (a 400), and what
 * parses prints back to a selector that parses to the same thing.
 */
class SelectorProperties {
  @Provide
  Arbitrary<String> selectorText() {
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of("a", "b", "app", "tier", "x.io/y", "metadata.name", "metadata.namespace", "v", "1", "", " ", ",", "=", "==",
            "!=", "!", "in", "notin", "(", ")", "gt", "lt", ">", "<", "\\", "\\,", "\\=", "/", "-", "_", "."),
        Arbitraries.strings().ofMaxLength(5));
    return token.list().ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> labelSelectors() {
    Arbitrary<String> key = Arbitraries.of("a", "app", "x.io/tier", "k8s.io/b-c", "A_b.c");
    Arbitrary<String> value = Arbitraries.of("", "v", "v1", "a.b-c_d", "x");
    Arbitrary<String> requirement = Arbitraries.oneOf(
        Combinators.combine(key, Arbitraries.of("=", "==", "!="), value).as((k, op, v) -> k + op + v),
        // "a in (,,)" is a parse error in Kubernetes too: set values here are never empty
        Combinators.combine(key, Arbitraries.of(" in ", " notin "), value.filter(v -> !v.isEmpty()).list().ofMinSize(1).ofMaxSize(3))
            .as((k, op, vs) -> k + op + "(" + String.join(",", vs) + ")"),
        key, key.map(k -> "!" + k),
        Combinators.combine(key, Arbitraries.of(">", "<"), Arbitraries.integers().between(0, 99)).as((k, op, n) -> k + op + n));
    return requirement.list().ofMaxSize(4).map(rs -> String.join(",", rs));
  }

  @Property
  void anyLabelSelectorTextParsesOrIsAParseError(@ForAll("selectorText") String text) {
    try {
      LabelSelector parsed = LabelSelector.parse(text);
      assertThat(LabelSelector.parse(parsed.toString())).isEqualTo(parsed);
    } catch (SelectorParseException e) {
      assertThat(e.toApiException().status().getCode()).isEqualTo(400);
    }
  }

  @Property
  void anyFieldSelectorTextParsesOrIsAParseError(@ForAll("selectorText") String text) {
    try {
      FieldSelector parsed = FieldSelector.parse(text);
      assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
    } catch (SelectorParseException e) {
      assertThat(e.toApiException().status().getCode()).isEqualTo(400);
    }
  }

  @Property
  void arbitraryUnicodeNeverEscapesTheParsers(@ForAll String text) {
    for (Runnable parse : List.<Runnable>of(() -> LabelSelector.parse(text), () -> FieldSelector.parse(text))) {
      try {
        parse.run();
      } catch (SelectorParseException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @Property
  void validLabelSelectorsRoundTripThroughToString(@ForAll("labelSelectors") String text) {
    LabelSelector parsed = LabelSelector.parse(text);
    assertThat(LabelSelector.parse(parsed.toString())).isEqualTo(parsed);
    assertThat(parsed.toString()).isEqualTo(LabelSelector.parse(parsed.toString()).toString());
  }

  @Property
  void fieldSelectorValuesRoundTripThroughEscaping(@ForAll String value) {
    FieldSelector parsed = FieldSelector.parse("metadata.name=" + FieldSelector.escapeValue(value));
    assertThat(parsed.requiresExactMatch("metadata.name")).contains(value);
    assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
  }
}
