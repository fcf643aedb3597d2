package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.admission.AdmissionFeedback;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.audit.AuditContext;
import dev.aggregation.apiserver.machinery.Json;
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
        dryRun,
        options(request, operation, dryRun),
        feedback(request));
  }

  static ValidatingAdmission validating(AdmissionChain chain, RestRequest request, ResourceEndpoint endpoint, Operation operation, boolean dryRun) {
    return (object, oldObject) -> chain.validate(attributes(request, endpoint, operation, object, oldObject, dryRun));
  }

  /**
   * The operation's options as admission webhooks receive them (meta.k8s.io/v1 CreateOptions, UpdateOptions —
   * also for patches, as Kubernetes converts them — or DeleteOptions), from the request's query.
   */
  private static ObjectNode options(RestRequest request, Operation operation, boolean dryRun) {
    String kind = switch (operation) {
      case CREATE -> "CreateOptions";
      case UPDATE -> "UpdateOptions";
      case DELETE -> "DeleteOptions";
      case CONNECT -> null;
    };
    if (kind == null) {
      return null;
    }
    ObjectNode options = Json.object();
    options.put("kind", kind);
    options.put("apiVersion", "meta.k8s.io/v1");
    if (dryRun) {
      options.putArray("dryRun").add("All");
    }
    if (operation == Operation.DELETE) {
      putIfPresent(options, "propagationPolicy", request.query("propagationPolicy"));
      String grace = request.query("gracePeriodSeconds");
      if (grace != null && grace.matches("-?\\d+")) {
        options.put("gracePeriodSeconds", Long.parseLong(grace));
      }
    } else {
      putIfPresent(options, "fieldManager", request.query("fieldManager"));
      putIfPresent(options, "fieldValidation", request.query("fieldValidation"));
    }
    return options;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Warnings go to the response's Warning headers, annotations to the request's audit event. */
  private static AdmissionFeedback feedback(RestRequest request) {
    return new AdmissionFeedback() {
      @Override
      public void warn(String warning) {
        request.warn(warning);
      }

      @Override
      public void annotate(String key, String value) {
        AuditContext.annotate(request.routingContext(), key, value);
      }
    };
  }
}
