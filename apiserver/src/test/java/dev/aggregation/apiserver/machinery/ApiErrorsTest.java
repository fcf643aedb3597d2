package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
  @Test
  void invalidNamesTheFieldInTheMessageAndBesideEachCauseNotInsideIt() {
    Status status =
        ApiErrors.invalid(
                "Flunder", "wardle.example.com", "invalid", List.of(FieldError.invalid("spec.referenceType", "X", "must be Flunder or Fischer")))
            .status();

    assertThat(status.getMessage())
        .isEqualTo("Flunder.wardle.example.com \"invalid\" is invalid: spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer");
    StatusCause cause = status.getDetails().getCauses().get(0);
    assertThat(cause.getField()).isEqualTo("spec.referenceType");
    // kubectl prints "<field>: <message>" per cause, as k8s.io/apimachinery fills it with field.Error.ErrorBody()
    assertThat(cause.getMessage()).isEqualTo("Invalid value: \"X\": must be Flunder or Fischer");
    assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
  }
}
