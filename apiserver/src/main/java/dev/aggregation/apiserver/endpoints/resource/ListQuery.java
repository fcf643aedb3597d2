package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.machinery.selection.FieldRequirement;
import dev.aggregation.apiserver.machinery.selection.FieldSelector;
import dev.aggregation.apiserver.machinery.selection.LabelSelector;
import dev.aggregation.apiserver.machinery.selection.SelectorParseException;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The selection part of a list, watch or deletecollection: the label and field selectors of the query as one
 * predicate over hub objects. Fields a kind cannot select on are a 400, as in Kubernetes.
 */
record ListQuery(LabelSelector labels, FieldSelector fields, Function<ObjectNode, Function<String, String>> fieldReader) {

  static ListQuery parse(RestRequest request, ResourceEndpoint endpoint, boolean watch) {
    LabelSelector labels;
    FieldSelector fields;
    try {
      labels = parseLabels(request.query("labelSelector"));
      fields = parseFields(request.query("fieldSelector"));
    } catch (SelectorParseException e) {
      throw e.toApiException();
    }
    ResourceStrategy strategy = endpoint.strategy();
    Map<String, Function<ObjectNode, String>> selectable = strategy.selectableFields();
    for (FieldRequirement requirement : fields.requirements()) {
      String field = requirement.field();
      if (!field.equals(FieldSelector.METADATA_NAME) && !field.equals(FieldSelector.METADATA_NAMESPACE) && !selectable.containsKey(field)) {
        throw FieldSelector.unknownField(field).toApiException();
      }
    }
    Function<ObjectNode, Function<String, String>> reader = object -> field -> switch (field) {
      case FieldSelector.METADATA_NAME -> Meta.name(object);
      case FieldSelector.METADATA_NAMESPACE -> Meta.namespace(object);
      default -> {
        Function<ObjectNode, String> read = selectable.get(field);
        yield read == null ? "" : read.apply(object);
      }
    };
    return new ListQuery(labels, fields, reader);
  }

  private static LabelSelector parseLabels(String selector) {
    return selector == null || selector.isEmpty() ? LabelSelector.everything() : LabelSelector.parse(selector);
  }

  private static FieldSelector parseFields(String selector) {
    return selector == null || selector.isEmpty() ? FieldSelector.everything() : FieldSelector.parse(selector);
  }

  ListQuery forName(String name) {
    FieldSelector byName = FieldSelector.parse(FieldSelector.METADATA_NAME + "=" + FieldSelector.escapeValue(name));
    return new ListQuery(labels, byName, fieldReader);
  }

  boolean filtered() {
    return !labels.isEmpty() || !fields.isEmpty();
  }

  Predicate<ObjectNode> filter() {
    if (!filtered()) {
      return object -> true;
    }
    return object -> labels.matches(Meta.labels(object)) && fields.matches(fieldReader.apply(object));
  }

  static ApiErrorsBridge errors() {
    return new ApiErrorsBridge();
  }

  /** Keeps ApiErrors referenced for the list validation messages in one place. */
  static final class ApiErrorsBridge {
    RuntimeException badRequest(String message) {
      return ApiErrors.badRequest(message);
    }
  }
}
