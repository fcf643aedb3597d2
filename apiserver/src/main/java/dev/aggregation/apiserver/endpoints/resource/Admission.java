package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.registry.ValidatingAdmission;

/** Binds the admission chain to one request: the attributes every phase of it shares. */
final class Admission {
  private Admission() {}

  static AdmissionAttributes attributes(
      RestRequest request, ResourceEndpoint endpoint, Operation operation, ObjectNode object, ObjectNode oldObject, boolean dryRun) {
    String name = object != null ? dev.aggregation.apiserver.machinery.Meta.name(object) : request.name();
    return new AdmissionAttributes(
        operation,
        endpoint.strategy(),
        endpoint.version().name(),
        request.info().subresource(),
        request.namespace(),
        name.isEmpty() ? request.name() : name,
        object,
        oldObject,
        request.user(),
        dryRun);
  }

  static ValidatingAdmission validating(AdmissionChain chain, RestRequest request, ResourceEndpoint endpoint, Operation operation, boolean dryRun) {
    return (object, oldObject) -> chain.validate(attributes(request, endpoint, operation, object, oldObject, dryRun));
  }
}
