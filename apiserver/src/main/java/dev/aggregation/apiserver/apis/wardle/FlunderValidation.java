package dev.aggregation.apiserver.apis.wardle;

import dev.aggregation.apiserver.machinery.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of sample-apiserver's {@code validation.ValidateFlunderSpec}, on the hub spec. At most one
 * reference error is reported (the sample's rules are an if/else chain, first match wins), plus a separate error
 * when {@code referenceType} is neither Flunder nor Fischer.
 */
public final class FlunderValidation {
  private FlunderValidation() {}

  public static List<FieldError> validate(FlunderSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    String flunderRef = spec.flunderReference();
    String fischerRef = spec.fischerReference();
    String type = spec.referenceType();

    if (!flunderRef.isEmpty() && !fischerRef.isEmpty()) {
      errors.add(
          FieldError.invalid("spec.fischerReference", fischerRef, "cannot be set with flunderReference at the same time"));
    } else if (!flunderRef.isEmpty() && !type.equals(FlunderSpec.FLUNDER)) {
      errors.add(FieldError.invalid("spec.flunderReference", flunderRef, "cannot be set if referenceType is not Flunder"));
    } else if (!fischerRef.isEmpty() && !type.equals(FlunderSpec.FISCHER)) {
      errors.add(FieldError.invalid("spec.fischerReference", fischerRef, "cannot be set if referenceType is not Fischer"));
    } else if (fischerRef.isEmpty() && type.equals(FlunderSpec.FISCHER)) {
      errors.add(FieldError.required("spec.fischerReference", "cannot be empty if referenceType is Fischer"));
    } else if (flunderRef.isEmpty() && type.equals(FlunderSpec.FLUNDER)) {
      errors.add(FieldError.required("spec.flunderReference", "cannot be empty if referenceType is Flunder"));
    }

    if (!type.isEmpty() && !type.equals(FlunderSpec.FISCHER) && !type.equals(FlunderSpec.FLUNDER)) {
      errors.add(FieldError.invalid("spec.referenceType", type, "must be Flunder or Fischer"));
    }
    return List.copyOf(errors);
  }
}
