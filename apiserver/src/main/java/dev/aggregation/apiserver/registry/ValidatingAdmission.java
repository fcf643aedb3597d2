package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The validating admission of one request, called by the registry after the strategy has validated the object
 * and before it is stored. {@code object} is null on delete, {@code oldObject} null on create. Rejects by
 * throwing an ApiException.
 */
@FunctionalInterface
public interface ValidatingAdmission {
  ValidatingAdmission NONE = (object, oldObject) -> {};

  void validate(ObjectNode object, ObjectNode oldObject);
}
