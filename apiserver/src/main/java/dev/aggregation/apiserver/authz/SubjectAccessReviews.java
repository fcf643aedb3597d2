package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.selection.FieldRequirement;
import dev.aggregation.apiserver.machinery.selection.FieldSelector;
import dev.aggregation.apiserver.machinery.selection.LabelRequirement;
import dev.aggregation.apiserver.machinery.selection.LabelSelector;
import dev.aggregation.apiserver.machinery.selection.SelectorParseException;
import io.fabric8.kubernetes.api.model.FieldSelectorRequirement;
import io.fabric8.kubernetes.api.model.FieldSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.FieldSelectorAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.LabelSelectorAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code SubjectAccessReviewSpec} k8s.io/apiserver's webhook authorizer sends for a request: the user's
 * name, UID, groups and extra, and either the resource attributes (namespace, verb, group, version, resource,
 * subresource, name, and the field and label selector requirements of a list, watch or deletecollection) or the
 * non-resource ones (path, verb).
 */
final class SubjectAccessReviews {
  private SubjectAccessReviews() {}

  /**
   * What a review's spec is made of, as a value: two requests with equal keys send equal specs (the user as
   * {@link UserInfo} compares its extra map as Go's sorted JSON does, and selectors are compared as the
   * requirements the spec carries), so the key stands for the spec's JSON in the answer cache without encoding
   * it per request.
   */
  record Key(
      UserInfo user,
      boolean resourceRequest,
      String namespace,
      String verb,
      String group,
      String version,
      String resource,
      String subresource,
      String name,
      String path,
      List<FieldSelectorRequirement> fieldRequirements,
      List<LabelSelectorRequirement> labelRequirements) {}

  static Key key(UserInfo user, RequestInfo request) {
    if (!request.resourceRequest()) {
      return new Key(user, false, "", request.verb(), "", "", "", "", "", request.path(), List.of(), List.of());
    }
    return new Key(user, true, request.namespace(), request.verb(), request.apiGroup(), request.apiVersion(), request.resource(),
        request.subresource(), request.name(), "", fieldRequirements(request.fieldSelector()), labelRequirements(request.labelSelector()));
  }

  static SubjectAccessReviewSpec spec(UserInfo user, RequestInfo request) {
    SubjectAccessReviewSpec spec = new SubjectAccessReviewSpec();
    spec.setUser(omitEmpty(user.name()));
    spec.setUid(omitEmpty(user.uid()));
    spec.setGroups(new ArrayList<>(user.groups()));
    // sorted, as Go marshals a map: the spec's JSON is the cache key
    Map<String, List<String>> extra = new TreeMap<>(user.extra());
    spec.setExtra(extra);
    if (request.resourceRequest()) {
      spec.setResourceAttributes(resourceAttributes(request));
    } else {
      spec.setNonResourceAttributes(new NonResourceAttributes(omitEmpty(request.path()), omitEmpty(request.verb())));
    }
    return spec;
  }

  private static ResourceAttributes resourceAttributes(RequestInfo request) {
    ResourceAttributes attributes = new ResourceAttributes();
    attributes.setNamespace(omitEmpty(request.namespace()));
    attributes.setVerb(omitEmpty(request.verb()));
    attributes.setGroup(omitEmpty(request.apiGroup()));
    attributes.setVersion(omitEmpty(request.apiVersion()));
    attributes.setResource(omitEmpty(request.resource()));
    attributes.setSubresource(omitEmpty(request.subresource()));
    attributes.setName(omitEmpty(request.name()));
    List<FieldSelectorRequirement> fields = fieldRequirements(request.fieldSelector());
    if (!fields.isEmpty()) {
      attributes.setFieldSelector(new FieldSelectorAttributes(null, fields));
    }
    List<LabelSelectorRequirement> labels = labelRequirements(request.labelSelector());
    if (!labels.isEmpty()) {
      attributes.setLabelSelector(new LabelSelectorAttributes(null, labels));
    }
    return attributes;
  }

  /** Go's {@code omitempty}: an empty string is left out of the JSON, and so of the cache key. */
  private static String omitEmpty(String value) {
    return value.isEmpty() ? null : value;
  }

  /** Equality becomes In, inequality NotIn; a selector that does not parse limits nothing. */
  private static List<FieldSelectorRequirement> fieldRequirements(String selector) {
    if (selector.isEmpty()) {
      return List.of();
    }
    List<FieldRequirement> parsed;
    try {
      parsed = FieldSelector.parse(selector).requirements();
    } catch (SelectorParseException e) {
      return List.of();
    }
    List<FieldSelectorRequirement> requirements = new ArrayList<>();
    for (FieldRequirement requirement : parsed) {
      String operator =
          switch (requirement.operator()) {
            case EQUALS, DOUBLE_EQUALS -> "In";
            case NOT_EQUALS -> "NotIn";
            default -> null;
          };
      if (operator != null) {
        requirements.add(
            new FieldSelectorRequirementBuilder()
                .withKey(requirement.field())
                .withOperator(operator)
                .withValues(requirement.value())
                .build());
      }
    }
    return requirements;
  }

  /** In/NotIn/Exists/DoesNotExist as written; gt and lt have no SubjectAccessReview form and are left out. */
  private static List<LabelSelectorRequirement> labelRequirements(String selector) {
    if (selector.isEmpty()) {
      return List.of();
    }
    List<LabelRequirement> parsed;
    try {
      parsed = LabelSelector.parse(selector).requirements();
    } catch (SelectorParseException e) {
      return List.of();
    }
    List<LabelSelectorRequirement> requirements = new ArrayList<>();
    for (LabelRequirement requirement : parsed) {
      String operator =
          switch (requirement.operator()) {
            case EQUALS, DOUBLE_EQUALS, IN -> "In";
            case NOT_EQUALS, NOT_IN -> "NotIn";
            case EXISTS -> "Exists";
            case DOES_NOT_EXIST -> "DoesNotExist";
            default -> null;
          };
      if (operator != null) {
        LabelSelectorRequirementBuilder builder =
            new LabelSelectorRequirementBuilder().withKey(requirement.key()).withOperator(operator);
        if (!requirement.values().isEmpty()) {
          builder.withValues(requirement.values());
        }
        requirements.add(builder.build());
      }
    }
    return requirements;
  }
}
