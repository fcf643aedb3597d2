package dev.aggregation.apiserver.admission.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.namespace.NamespaceLookup;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.VersionDefinition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import java.util.Map;
import java.util.Optional;

/**
 * generic.Webhook.ShouldCallHook: the namespace selector (on the namespace's labels, from the cache or live),
 * the object selector (on the new or the old object's labels), then the rules against the request's resource,
 * and with matchPolicy Equivalent against the kind's other served versions. Selector errors count only when a
 * rule matches, as in Kubernetes.
 */
final class WebhookMatcher {
  private static final GroupResource NAMESPACES = new GroupResource("", "namespaces");

  private final NamespaceLookup namespaces;

  WebhookMatcher(NamespaceLookup namespaces) {
    this.namespaces = namespaces;
  }

  Optional<Invocation> match(Webhook webhook, AdmissionAttributes attributes) {
    ApiException namespaceError = null;
    try {
      if (!namespaceMatches(webhook, attributes)) {
        return Optional.empty();
      }
    } catch (ApiException e) {
      namespaceError = e;
    }
    ApiException objectError = null;
    try {
      if (!objectMatches(webhook, attributes)) {
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      objectError = ApiErrors.internal(e);
    }
    Optional<Invocation> invocation = byRules(webhook, attributes);
    if (invocation.isEmpty()) {
      return invocation;
    }
    if (namespaceError != null) {
      throw namespaceError;
    }
    if (objectError != null) {
      throw objectError;
    }
    return invocation;
  }

  private boolean namespaceMatches(Webhook webhook, AdmissionAttributes attributes) {
    if (attributes.namespace().isEmpty() || Selectors.isEmpty(webhook.namespaceSelector())) {
      return true;
    }
    Namespace namespace;
    try {
      namespace = namespaces.get(attributes.namespace()).orElse(null);
    } catch (RuntimeException e) {
      throw ApiErrors.internal(e);
    }
    if (namespace == null) {
      throw ApiErrors.notFound(NAMESPACES, attributes.namespace());
    }
    Map<String, String> labels = namespace.getMetadata() == null ? Map.of() : namespace.getMetadata().getLabels();
    try {
      return Selectors.matches(webhook.namespaceSelector(), labels);
    } catch (RuntimeException e) {
      throw ApiErrors.internal(e);
    }
  }

  private static boolean objectMatches(Webhook webhook, AdmissionAttributes attributes) {
    if (Selectors.isEmpty(webhook.objectSelector())) {
      return true;
    }
    return labelsMatch(webhook, attributes.object()) || labelsMatch(webhook, attributes.oldObject());
  }

  private static boolean labelsMatch(Webhook webhook, ObjectNode object) {
    return object != null && Selectors.matches(webhook.objectSelector(), Meta.labels(object));
  }

  private static Optional<Invocation> byRules(Webhook webhook, AdmissionAttributes attributes) {
    VersionDefinition requested = attributes.strategy().version(attributes.version());
    if (requested != null && anyRuleMatches(webhook, attributes, requested.name())) {
      return Optional.of(new Invocation(webhook, requested));
    }
    if (!webhook.matchEquivalent()) {
      return Optional.empty();
    }
    // rules first, then versions: an earlier rule wins, as in Kubernetes
    for (RuleWithOperations rule : webhook.rules()) {
      for (VersionDefinition version : attributes.strategy().versions()) {
        if (version.name().equals(attributes.version())) {
          continue;
        }
        if (RuleMatcher.matches(rule, target(attributes, version.name()))) {
          return Optional.of(new Invocation(webhook, version));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean anyRuleMatches(Webhook webhook, AdmissionAttributes attributes, String version) {
    RuleMatcher.Target target = target(attributes, version);
    return webhook.rules().stream().anyMatch(rule -> RuleMatcher.matches(rule, target));
  }

  private static RuleMatcher.Target target(AdmissionAttributes attributes, String version) {
    return new RuleMatcher.Target(
        attributes.operation().name(),
        attributes.strategy().group(),
        version,
        attributes.strategy().resource(),
        attributes.subresource(),
        !attributes.namespace().isEmpty());
  }
}
