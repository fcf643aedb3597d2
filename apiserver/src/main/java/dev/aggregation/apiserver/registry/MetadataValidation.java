package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.FieldError;
import java.util.List;

/** Validation of {@code metadata} the registry runs for every kind, before the strategy's own validation. */
public interface MetadataValidation {
  List<FieldError> validateCreate(ObjectNode object, boolean namespaced);

  List<FieldError> validateUpdate(ObjectNode object, ObjectNode oldObject, boolean namespaced);
}
