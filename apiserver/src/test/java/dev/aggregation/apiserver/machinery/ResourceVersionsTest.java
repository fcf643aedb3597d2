package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceVersionsTest {
  @Test
  void readsEmptyAndZeroAsAny() {
    assertThat(ResourceVersions.parse(null)).isZero();
    assertThat(ResourceVersions.parse("")).isZero();
    assertThat(ResourceVersions.parse("0")).isZero();
  }

  @Test
  void readsDecimalRevisions() {
    assertThat(ResourceVersions.parse("12544")).isEqualTo(12544);
    assertThat(ResourceVersions.parse("007")).isEqualTo(7);
  }

  @Test
  void rejectsNonNumbersWithStrconvsMessage() {
    assertThatThrownBy(() -> ResourceVersions.parse("abc"))
        .isInstanceOf(InvalidResourceVersionException.class)
        .hasMessage("resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> ResourceVersions.parse("-1"))
        .hasMessage("resourceVersion: Invalid value: \"-1\": strconv.ParseUint: parsing \"-1\": invalid syntax");
    assertThatThrownBy(() -> ResourceVersions.parse("+1")).hasMessageContaining("invalid syntax");
  }

  @Test
  void rejectsRevisionsBeyondSixtyFourBits() {
    assertThatThrownBy(() -> ResourceVersions.parse("99999999999999999999"))
        .hasMessage(
            "resourceVersion: Invalid value: \"99999999999999999999\": strconv.ParseUint: parsing"
                + " \"99999999999999999999\": value out of range");
  }

  @Test
  void answersBadRequestLikeTheEtcdStore() {
    InvalidResourceVersionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidResourceVersionException.class, () -> ResourceVersions.parse("x"));
    assertThat(e.toApiException().code()).isEqualTo(400);
    assertThat(e.toApiException())
        .hasMessage(
            "invalid resource version: resourceVersion: Invalid value: \"x\": strconv.ParseUint: parsing \"x\":"
                + " invalid syntax");
    assertThat(e.fieldError().field()).isEqualTo("resourceVersion");
  }
}
