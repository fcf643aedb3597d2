package dev.aggregation.apiserver.machinery.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.validation.ListOptionsValidation.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListOptionsValidationTest {
  private static List<String> list(String rv, String match, String cont, Boolean sendInitialEvents) {
    return ListOptionsValidation.validate(new Options(false, rv, match, cont, sendInitialEvents), true).stream()
        .map(FieldError::message)
        .toList();
  }

  private static List<String> watch(String rv, String match, Boolean sendInitialEvents, boolean watchList) {
    return ListOptionsValidation.validate(new Options(true, rv, match, "", sendInitialEvents), watchList).stream()
        .map(FieldError::message)
        .toList();
  }

  @Test
  void acceptsThePlainForms() {
    assertThat(list("", "", "", null)).isEmpty();
    assertThat(list("5", "NotOlderThan", "", null)).isEmpty();
    assertThat(list("5", "Exact", "", null)).isEmpty();
    assertThat(list("0", "NotOlderThan", "", null)).isEmpty();
  }

  @Test
  void forbidsAMatchWithoutResourceVersion() {
    assertThat(list("", "NotOlderThan", "", null))
        .containsExactly(
            "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
  }

  @Test
  void forbidsAMatchWithContinue() {
    assertThat(list("5", "Exact", "token", null))
        .containsExactly("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
  }

  @Test
  void rejectsAnUnknownMatch() {
    assertThat(list("5", "Newest", "", null))
        .containsExactly(
            "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
  }

  @Test
  void forbidsExactWithZero() {
    assertThat(list("0", "Exact", "", null))
        .containsExactly(
            "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
  }

  @Test
  void forbidsSendInitialEventsOnAListEvenWhenFalse() {
    assertThat(list("", "", "", false))
        .containsExactly("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
  }

  @Test
  void requiresNotOlderThanForAWatchWithInitialEvents() {
    assertThat(watch("", "", true, true))
        .containsExactly(
            "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    assertThat(watch("", "NotOlderThan", true, true)).isEmpty();
  }

  @Test
  void forbidsInitialEventsWithoutTheWatchListFeature() {
    assertThat(watch("", "NotOlderThan", true, false))
        .containsExactly(
            "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate"
                + " is enabled");
  }

  @Test
  void forbidsAMatchOnAPlainWatch() {
    assertThat(watch("5", "Exact", null, true))
        .containsExactly(
            "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is"
                + " provided",
            "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"");
  }

  @Test
  void answersUnprocessableEntityForListOptions() {
    ApiException e =
        ListOptionsValidation.toApiException(
            ListOptionsValidation.validate(new Options(false, "0", "Exact", "", null), true));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e)
        .hasMessage(
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\""
                + " is forbidden for resourceVersion \"0\"");
  }

  @Test
  void rejectsAResourceVersionAlongsideContinue() {
    assertThat(ListOptionsValidation.checkContinueWithResourceVersion("5", "tok"))
        .hasValueSatisfying(
            e -> assertThat(e).hasMessage("specifying resource version is not allowed when using continue"));
    assertThat(ListOptionsValidation.checkContinueWithResourceVersion("0", "tok")).isEmpty();
    assertThat(ListOptionsValidation.checkContinueWithResourceVersion("5", "")).isEmpty();
  }
}
