package dev.aggregation.apiserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.namespace.NamespaceLookup;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k8s.io/apiserver's MutatingAdmissionWebhook: calls the cluster's mutating webhooks that match the request, one
 * after the other in their order, each seeing the object as the ones before left it, in the version it asked
 * for. A JSONPatch answer is applied to that version, which is then defaulted and converted back to the hub.
 * A denial ends the request with the webhook's Status; a webhook that cannot be called fails the request (500)
 * or, with failurePolicy Ignore, is skipped. Reinvocation (reinvocationPolicy IfNeeded) is not performed: each
 * webhook is called once.
 */
public final class MutatingAdmissionWebhook implements AdmissionPlugin {
  public static final String NAME = "MutatingAdmissionWebhook";
  private static final Logger LOG = LoggerFactory.getLogger(MutatingAdmissionWebhook.class);
  static final String MUTATION_ANNOTATION = "mutation.webhook.admission.k8s.io/round_0_index_";
  static final String FAILED_OPEN_ANNOTATION = "failed-open." + MUTATION_ANNOTATION;

  private final WebhookDispatcher dispatcher;

  public MutatingAdmissionWebhook(WebhookSource source, NamespaceLookup namespaces, WebhookCaller caller) {
    this.dispatcher = new WebhookDispatcher(Objects.requireNonNull(source), Objects.requireNonNull(namespaces), Objects.requireNonNull(caller));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean handles(AdmissionAttributes attributes) {
    return true;
  }

  @Override
  public void admit(AdmissionAttributes attributes) {
    for (WebhookDispatcher.Indexed indexed : dispatcher.invocations(attributes)) {
      Webhook webhook = indexed.invocation().webhook();
      boolean mutated = false;
      try {
        mutated = call(indexed.invocation(), attributes);
      } catch (WebhookCallException e) {
        if (!webhook.failOpen()) {
          LOG.warn("Failed calling webhook, failing closed {}: {}", webhook.name(), e.getMessage());
          throw WebhookDispatcher.failedClosed(e);
        }
        LOG.warn("Failed calling webhook, failing open {}: {}", webhook.name(), e.getMessage());
        attributes.feedback().annotate(FAILED_OPEN_ANNOTATION + indexed.index(), webhook.name());
      } finally {
        attributes.feedback().annotate(MUTATION_ANNOTATION + indexed.index(), mutationAnnotation(webhook, mutated));
      }
    }
  }

  /** Calls one webhook and applies its patch; true when the object changed. */
  private boolean call(Invocation invocation, AdmissionAttributes attributes) throws WebhookCallException {
    Webhook webhook = invocation.webhook();
    WebhookDispatcher.Pending pending = dispatcher.send(invocation, attributes);
    AdmissionReviews.Response response = dispatcher.receive(webhook, pending, attributes, true);
    if (!response.allowed()) {
      throw WebhookDispatcher.rejection(webhook.name(), response.status());
    }
    if (response.patch() == null) {
      return false;
    }
    JsonNode patch;
    try {
      patch = Json.mapper().readTree(response.patch());
    } catch (IOException e) {
      throw new WebhookCallException(webhook.name(), "received undecodable patch in webhook response: " + e.getMessage(), e);
    }
    if (patch == null || !patch.isArray()) {
      throw new WebhookCallException(webhook.name(), "received undecodable patch in webhook response: not a JSON array", null);
    }
    if (patch.isEmpty()) {
      return false;
    }
    ObjectNode hub = attributes.object();
    if (hub == null) {
      throw ApiErrors.internal(new IllegalStateException(
          "admission webhook \"" + webhook.name() + "\" attempted to modify the object, which is not supported for this operation"));
    }
    if (!"JSONPatch".equals(response.patchType())) {
      throw new WebhookCallException(webhook.name(), "unsupported patch type \"" + response.patchType() + "\"", null);
    }
    ResourceStrategy strategy = attributes.strategy();
    VersionDefinition version = invocation.version();
    ObjectNode versioned = Conversions.fromHub(strategy, version, hub);
    JsonNode patched;
    try {
      patched = io.fabric8.zjsonpatch.JsonPatch.apply(patch, versioned);
    } catch (RuntimeException e) {
      throw ApiErrors.internal(e);
    }
    if (!(patched instanceof ObjectNode patchedObject)) {
      throw ApiErrors.internal(new IllegalStateException("the patch of admission webhook \"" + webhook.name() + "\" did not leave an object"));
    }
    version.applyDefaults(patchedObject);
    boolean changed = !patchedObject.equals(versioned);
    ObjectNode newHub = Conversions.toHub(strategy, version, patchedObject);
    // the chain holds this very node: change it in place
    hub.removeAll();
    hub.setAll(newHub);
    return changed;
  }

  private static String mutationAnnotation(Webhook webhook, boolean mutated) {
    ObjectNode value = Json.object();
    value.put("configuration", webhook.configurationName());
    value.put("webhook", webhook.name());
    value.put("mutated", mutated);
    return value.toString();
  }
}
