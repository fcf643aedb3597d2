package dev.aggregation.apiserver.machinery.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static final Map<String, String> FOO_IN_DEFAULT =
      Map.of("metadata.name", "foo", "metadata.namespace", "default");

  @Test
  void emptySelectorMatchesEverything() {
    assertThat(FieldSelector.parse("").matches(f -> null)).isTrue();
    assertThat(FieldSelector.parse(null).isEmpty()).isTrue();
    assertThat(FieldSelector.parse(",,").isEmpty()).isTrue();
  }

  @Test
  void singleAndDoubleEqualsAreTheSame() {
    assertThat(FieldSelector.parse("metadata.name=foo")).isEqualTo(FieldSelector.parse("metadata.name==foo"));
    assertThat(FieldSelector.parse("metadata.name==foo").matches(FOO_IN_DEFAULT::get)).isTrue();
  }

  @Test
  void notEqualsExcludesTheValue() {
    assertThat(FieldSelector.parse("metadata.name!=foo").matches(FOO_IN_DEFAULT::get)).isFalse();
    assertThat(FieldSelector.parse("metadata.name!=bar").matches(FOO_IN_DEFAULT::get)).isTrue();
  }

  @Test
  void commaMeansAndAndTermsAreSorted() {
    FieldSelector s = FieldSelector.parse("metadata.namespace=default,metadata.name=foo");
    assertThat(s.matches(FOO_IN_DEFAULT::get)).isTrue();
    assertThat(s.matches(Map.of("metadata.name", "foo")::get)).isFalse();
    assertThat(s).hasToString("metadata.name=foo,metadata.namespace=default");
  }

  @Test
  void aMissingFieldReadsAsEmpty() {
    assertThat(FieldSelector.parse("spec.x=").matches(f -> null)).isTrue();
    assertThat(FieldSelector.parse("spec.x!=").matches(f -> null)).isFalse();
  }

  @Test
  void unescapesCommasEqualsAndBackslashes() {
    FieldSelector s = FieldSelector.parse("a=x\\,y\\=z\\\\w,b=1");
    assertThat(s.requirements()).extracting(FieldRequirement::value).containsExactly("x,y=z\\w", "1");
    assertThat(s).hasToString("a=x\\,y\\=z\\\\w,b=1");
  }

  @Test
  void rejectsATermWithoutOperator() {
    assertThatThrownBy(() -> FieldSelector.parse("a=b,cdef"))
        .isInstanceOf(SelectorParseException.class)
        .hasMessage("invalid selector: 'a=b,cdef'; can't understand 'cdef'");
  }

  @Test
  void rejectsAnUnescapedEqualsPrintingItsCodePoint() {
    assertThatThrownBy(() -> FieldSelector.parse("a=b=c"))
        .hasMessage("invalid field selector: unescaped character in value: 61");
  }

  @Test
  void rejectsUnknownEscapes() {
    assertThatThrownBy(() -> FieldSelector.parse("a=b\\n"))
        .hasMessage("invalid field selector: invalid escape sequence: \\n");
    assertThatThrownBy(() -> FieldSelector.parse("a=b\\"))
        .hasMessage("invalid field selector: invalid escape sequence: \\");
  }

  @Test
  void reportsTheNameASelectorPinsTo() {
    assertThat(FieldSelector.parse("metadata.name=foo").requiredName()).contains("foo");
    assertThat(FieldSelector.parse("metadata.namespace=x,metadata.name=foo").requiredName()).contains("foo");
    assertThat(FieldSelector.parse("metadata.name!=foo").requiredName()).isEmpty();
    assertThat(FieldSelector.parse("metadata.namespace=x").requiredName()).isEmpty();
  }

  @Test
  void explainsAnUnknownFieldLikeTheGenericRegistry() {
    SelectorParseException e = FieldSelector.unknownField("spec.x");
    assertThat(e)
        .hasMessage("\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    assertThat(e.toApiException().code()).isEqualTo(400);
  }
}
