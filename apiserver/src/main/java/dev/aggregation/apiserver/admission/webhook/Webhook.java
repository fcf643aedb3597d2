package dev.aggregation.apiserver.admission.webhook;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.util.List;

/**
 * One admission webhook of a Mutating- or ValidatingWebhookConfiguration, with admissionregistration.k8s.io/v1's
 * defaults applied (failurePolicy Fail, matchPolicy Equivalent, empty selectors match everything, timeout 10 s,
 * reinvocationPolicy Never, review versions v1) so that objects from any source behave as kube-apiserver would
 * have stored them.
 */
public record Webhook(
    String name,
    String configurationName,
    String uid,
    WebhookClientConfig clientConfig,
    List<RuleWithOperations> rules,
    boolean failOpen,
    boolean matchEquivalent,
    LabelSelector namespaceSelector,
    LabelSelector objectSelector,
    String sideEffects,
    int timeoutSeconds,
    boolean reinvokeIfNeeded,
    List<String> admissionReviewVersions,
    boolean hasMatchConditions) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 10;

  public Webhook {
    rules = rules == null ? List.of() : List.copyOf(rules);
    admissionReviewVersions = admissionReviewVersions == null || admissionReviewVersions.isEmpty()
        ? List.of("v1")
        : List.copyOf(admissionReviewVersions);
    namespaceSelector = namespaceSelector == null ? new LabelSelector() : namespaceSelector;
    objectSelector = objectSelector == null ? new LabelSelector() : objectSelector;
  }

  static Webhook of(MutatingWebhookConfiguration configuration, int index) {
    MutatingWebhook hook = configuration.getWebhooks().get(index);
    return new Webhook(
        hook.getName(),
        configuration.getMetadata().getName(),
        uid(configuration.getMetadata().getName(), index, "mutating"),
        hook.getClientConfig(),
        hook.getRules(),
        "Ignore".equals(hook.getFailurePolicy()),
        !"Exact".equals(hook.getMatchPolicy()),
        hook.getNamespaceSelector(),
        hook.getObjectSelector(),
        hook.getSideEffects(),
        timeout(hook.getTimeoutSeconds()),
        "IfNeeded".equals(hook.getReinvocationPolicy()),
        hook.getAdmissionReviewVersions(),
        hook.getMatchConditions() != null && !hook.getMatchConditions().isEmpty());
  }

  static Webhook of(ValidatingWebhookConfiguration configuration, int index) {
    ValidatingWebhook hook = configuration.getWebhooks().get(index);
    return new Webhook(
        hook.getName(),
        configuration.getMetadata().getName(),
        uid(configuration.getMetadata().getName(), index, "validating"),
        hook.getClientConfig(),
        hook.getRules(),
        "Ignore".equals(hook.getFailurePolicy()),
        !"Exact".equals(hook.getMatchPolicy()),
        hook.getNamespaceSelector(),
        hook.getObjectSelector(),
        hook.getSideEffects(),
        timeout(hook.getTimeoutSeconds()),
        false,
        hook.getAdmissionReviewVersions(),
        hook.getMatchConditions() != null && !hook.getMatchConditions().isEmpty());
  }

  /** Kubernetes' webhook accessor UID: the configuration's name and the webhook's index in it. */
  private static String uid(String configuration, int index, String type) {
    return configuration + "/" + type + "/" + index;
  }

  private static int timeout(Integer seconds) {
    return seconds == null ? DEFAULT_TIMEOUT_SECONDS : seconds;
  }

  /** Whether the webhook declared it has no side effects on dry runs (None or NoneOnDryRun). */
  boolean dryRunSafe() {
    return "None".equals(sideEffects) || "NoneOnDryRun".equals(sideEffects);
  }
}
