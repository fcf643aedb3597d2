package dev.aggregation.apiserver.machinery.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final String QUALIFIED_NAME_RULE =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
          + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String LABEL_VALUE_RULE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must"
          + " start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex"
          + " used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  private static void assertRejected(String selector, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(SelectorParseException.class)
        .hasMessage(message);
  }

  @Test
  void emptySelectorMatchesEverything() {
    assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse("  \t").isEmpty()).isTrue();
    assertThat(LabelSelector.parse(null).matches(Map.of("a", "b"))).isTrue();
  }

  @Test
  void parsesEveryOperatorSortedByKey() {
    LabelSelector s = LabelSelector.parse("z=1, y==2,x!=3,w in (b,a),v notin (c),u,!t,s>4,r<5");
    assertThat(s.requirements())
        .extracting(LabelRequirement::operator)
        .containsExactly(
            Operator.LESS_THAN, Operator.GREATER_THAN, Operator.DOES_NOT_EXIST, Operator.EXISTS, Operator.NOT_IN,
            Operator.IN, Operator.NOT_EQUALS, Operator.DOUBLE_EQUALS, Operator.EQUALS);
    assertThat(s).hasToString("r<5,s>4,!t,u,v notin (c),w in (a,b),x!=3,y==2,z=1");
  }

  @Test
  void equalityMatchesOnlyTheValue() {
    LabelSelector s = LabelSelector.parse("env=prod");
    assertThat(s.matches(Map.of("env", "prod"))).isTrue();
    assertThat(s.matches(Map.of("env", "dev"))).isFalse();
    assertThat(s.matches(Map.of())).isFalse();
  }

  @Test
  void inequalityAndNotInMatchAMissingKey() {
    assertThat(LabelSelector.parse("env!=prod").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse("env!=prod").matches(Map.of("env", "prod"))).isFalse();
    assertThat(LabelSelector.parse("env notin (prod,qa)").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse("env notin (prod,qa)").matches(Map.of("env", "qa"))).isFalse();
  }

  @Test
  void setInclusionNeedsTheKeyWithOneOfTheValues() {
    LabelSelector s = LabelSelector.parse("tier in (web, db)");
    assertThat(s.matches(Map.of("tier", "db"))).isTrue();
    assertThat(s.matches(Map.of("tier", "cache"))).isFalse();
    assertThat(s.matches(Map.of())).isFalse();
  }

  @Test
  void existenceAndAbsence() {
    assertThat(LabelSelector.parse("a").matches(Map.of("a", ""))).isTrue();
    assertThat(LabelSelector.parse("a").matches(Map.of())).isFalse();
    assertThat(LabelSelector.parse("!a").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse("!a").matches(Map.of("a", "x"))).isFalse();
  }

  @Test
  void greaterAndLessThanCompareIntegers() {
    assertThat(LabelSelector.parse("n>9").matches(Map.of("n", "10"))).isTrue();
    assertThat(LabelSelector.parse("n>9").matches(Map.of("n", "9"))).isFalse();
    assertThat(LabelSelector.parse("n<9").matches(Map.of("n", "08"))).isTrue();
    assertThat(LabelSelector.parse("n>1").matches(Map.of("n", "abc"))).isFalse();
    assertThat(LabelSelector.parse("n>1").matches(Map.of())).isFalse();
  }

  @Test
  void commaMeansAnd() {
    LabelSelector s = LabelSelector.parse("a=1,b=2");
    assertThat(s.matches(Map.of("a", "1", "b", "2"))).isTrue();
    assertThat(s.matches(Map.of("a", "1"))).isFalse();
  }

  @Test
  void emptyEntriesInASetAreTheEmptyValue() {
    assertThat(LabelSelector.parse("x in (a,,b)").requirements().get(0).values()).containsExactly("", "a", "b");
    assertThat(LabelSelector.parse("x in ()").requirements().get(0).values()).containsExactly("");
    assertThat(LabelSelector.parse("x=").requirements().get(0).values()).containsExactly("");
    assertThat(LabelSelector.parse("x in (,a)").requirements().get(0).values()).containsExactly("", "a");
  }

  @Test
  void keywordsAreValuesInsideASet() {
    assertThat(LabelSelector.parse("x notin (in,notin)").requirements().get(0).values())
        .containsExactly("in", "notin");
  }

  @Test
  void acceptsDnsPrefixedKeys() {
    assertThat(LabelSelector.parse("app.kubernetes.io/name=web").matches(Map.of("app.kubernetes.io/name", "web")))
        .isTrue();
  }

  @Test
  void rejectsAMissingOperatorLikeKubernetes() {
    assertRejected("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    assertRejected("e!!!!!ss", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt");
  }

  @Test
  void rejectsTrailingTokensAfterAValue() {
    assertRejected("foo=bar=42", "found '=', expected: ',' or 'end of string'");
    assertRejected("!x=a", "found '=', expected: ',' or 'end of string'");
  }

  @Test
  void rejectsADanglingComma() {
    assertRejected("x=a,", "found '', expected: identifier after ','");
    assertRejected(",x", "found ',', expected: !, identifier, or 'end of string'");
  }

  @Test
  void rejectsASetWithoutParentheses() {
    assertRejected("x in a", "unable to parse requirement: found 'a' expected: '('");
  }

  @Test
  void rejectsAnInvalidKeyWithTheNilPathKubernetesPrints() {
    assertRejected("app: nginx", "unable to parse requirement: <nil>: Invalid value: \"app:\": " + QUALIFIED_NAME_RULE);
  }

  @Test
  void rejectsAnInvalidValueWithItsKeyedPath() {
    assertRejected("x=-a", "unable to parse requirement: values[0][x]: Invalid value: \"-a\": " + LABEL_VALUE_RULE);
  }

  @Test
  void rejectsANonIntegerBound() {
    assertRejected(
        "x>a",
        "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an"
            + " integer");
  }

  @Test
  void aggregatesSeveralProblemsInBrackets() {
    assertRejected(
        "x>a-",
        "unable to parse requirement: [values[0]: Invalid value: \"a-\": for 'Gt', 'Lt' operators, the value must be"
            + " an integer, values[0][x]: Invalid value: \"a-\": "
            + LABEL_VALUE_RULE
            + "]");
  }

  @Test
  void rejectsValuesLongerThan63Characters() {
    String value = "a".repeat(64);
    assertRejected(
        "x=" + value,
        "unable to parse requirement: values[0][x]: Invalid value: \"" + value + "\": must be no more than 63 characters");
  }

  @Test
  void reportsTheExactMatchOfALabel() {
    assertThat(LabelSelector.parse("a=1,b in (2),c in (3,4),d!=5").requiresExactMatch("a")).contains("1");
    assertThat(LabelSelector.parse("b in (2)").requiresExactMatch("b")).contains("2");
    assertThat(LabelSelector.parse("c in (3,4)").requiresExactMatch("c")).isEmpty();
    assertThat(LabelSelector.parse("d!=5").requiresExactMatch("d")).isEmpty();
    assertThat(LabelSelector.parse("d!=5").requiresExactMatch("zzz")).isEmpty();
  }

  @Test
  void describesTheSelectorLikeParseToLabelSelector() {
    SelectorParseException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SelectorParseException.class, () -> LabelSelector.parse("foo=bar=42"));
    assertThat(e.describedFor("foo=bar=42"))
        .isEqualTo("couldn't parse the selector string \"foo=bar=42\": found '=', expected: ',' or 'end of string'");
    assertThat(e.toApiException().code()).isEqualTo(400);
    assertThat(e.toApiException().reason()).isEqualTo("BadRequest");
  }

  @Test
  void buildsValidatedRequirements() {
    assertThat(LabelRequirement.of("a", Operator.IN, List.of("x")).matches(Map.of("a", "x"))).isTrue();
    assertThatThrownBy(() -> LabelRequirement.of("a", Operator.IN, List.of()))
        .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
  }
}
