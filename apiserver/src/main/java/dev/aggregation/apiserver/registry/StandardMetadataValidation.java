package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.validation.NameValidator;
import dev.aggregation.apiserver.machinery.validation.ObjectMetaUpdateValidation;
import dev.aggregation.apiserver.machinery.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** ValidateObjectMeta and ValidateObjectMetaUpdate of Kubernetes, with the kind's rule for names. */
public final class StandardMetadataValidation implements MetadataValidation {
  private final NameValidator names;

  public StandardMetadataValidation(NameValidator names) {
    this.names = names;
  }

  @Override
  public List<FieldError> validateCreate(ObjectNode object, boolean namespaced) {
    return ObjectMetaValidation.validate(object.path("metadata"), namespaced, names);
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode object, ObjectNode oldObject, boolean namespaced) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(object.path("metadata"), namespaced, names));
    errors.addAll(ObjectMetaUpdateValidation.validate(object.path("metadata"), oldObject.path("metadata")));
    return errors;
  }
}
