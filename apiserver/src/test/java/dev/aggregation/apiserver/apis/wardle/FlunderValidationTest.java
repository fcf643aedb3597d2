package dev.aggregation.apiserver.apis.wardle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.machinery.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlunderValidationTest {
  private static List<String> messages(FlunderSpec spec) {
    return FlunderValidation.validate(spec).stream().map(FieldError::message).toList();
  }

  @Test
  void acceptsAnEmptySpec() {
    assertThat(FlunderValidation.validate(FlunderSpec.EMPTY)).isEmpty();
  }

  @Test
  void acceptsAFlunderReference() {
    assertThat(FlunderValidation.validate(FlunderSpec.referencingFlunder("a"))).isEmpty();
  }

  @Test
  void acceptsAFischerReference() {
    assertThat(FlunderValidation.validate(FlunderSpec.referencingFischer("f"))).isEmpty();
  }

  @Test
  void rejectsBothReferencesAtOnce() {
    assertThat(messages(new FlunderSpec("a", "f", "Flunder")))
        .containsExactly("spec.fischerReference: Invalid value: \"f\": cannot be set with flunderReference at the same time");
  }

  @Test
  void rejectsAFlunderReferenceWhenTheTypeIsNotFlunder() {
    assertThat(messages(new FlunderSpec("a", "", "Fischer")))
        .containsExactly("spec.flunderReference: Invalid value: \"a\": cannot be set if referenceType is not Flunder");
  }

  @Test
  void rejectsAFlunderReferenceWithoutAType() {
    assertThat(messages(new FlunderSpec("a", "", "")))
        .containsExactly("spec.flunderReference: Invalid value: \"a\": cannot be set if referenceType is not Flunder");
  }

  @Test
  void rejectsAFischerReferenceWhenTheTypeIsNotFischer() {
    assertThat(messages(new FlunderSpec("", "f", "Flunder")))
        .containsExactly("spec.fischerReference: Invalid value: \"f\": cannot be set if referenceType is not Fischer");
  }

  @Test
  void requiresAFischerReferenceForTypeFischer() {
    assertThat(messages(new FlunderSpec("", "", "Fischer")))
        .containsExactly("spec.fischerReference: Required value: cannot be empty if referenceType is Fischer");
  }

  @Test
  void requiresAFlunderReferenceForTypeFlunder() {
    assertThat(messages(new FlunderSpec("", "", "Flunder")))
        .containsExactly("spec.flunderReference: Required value: cannot be empty if referenceType is Flunder");
  }

  @Test
  void rejectsAnUnknownReferenceType() {
    List<FieldError> errors = FlunderValidation.validate(new FlunderSpec("", "", "X"));
    assertThat(errors).extracting(FieldError::message).containsExactly("spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer");
    assertThat(errors).extracting(e -> e.type().reason()).containsExactly("FieldValueInvalid");
    assertThat(errors).extracting(FieldError::field).containsExactly("spec.referenceType");
  }

  @Test
  void reportsAReferenceErrorAndAnUnknownTypeTogether() {
    assertThat(messages(new FlunderSpec("a", "", "X")))
        .containsExactly(
            "spec.flunderReference: Invalid value: \"a\": cannot be set if referenceType is not Flunder",
            "spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer");
  }
}
