package dev.aggregation.apiserver.admission.webhook;

import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.namespace.NamespaceLookup;
import dev.aggregation.apiserver.machinery.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k8s.io/apiserver's ValidatingAdmissionWebhook: sends the request to every matching validating webhook at once
 * and waits for all of them; any denial (the first in the webhooks' order) or, with failurePolicy Fail, any
 * failed call rejects the request.
 */
public final class ValidatingAdmissionWebhook implements AdmissionPlugin {
  public static final String NAME = "ValidatingAdmissionWebhook";
  private static final Logger LOG = LoggerFactory.getLogger(ValidatingAdmissionWebhook.class);
  static final String FAILED_OPEN_ANNOTATION = "failed-open.validating.webhook.admission.k8s.io/round_0_index_";

  private final WebhookDispatcher dispatcher;

  public ValidatingAdmissionWebhook(WebhookSource source, NamespaceLookup namespaces, WebhookCaller caller) {
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

  private record Outcome(WebhookDispatcher.Indexed indexed, WebhookDispatcher.Pending pending, Exception error) {}

  @Override
  public void validate(AdmissionAttributes attributes) {
    List<Outcome> outcomes = new ArrayList<>();
    for (WebhookDispatcher.Indexed indexed : dispatcher.invocations(attributes)) {
      try {
        outcomes.add(new Outcome(indexed, dispatcher.send(indexed.invocation(), attributes), null));
      } catch (WebhookCallException | ApiException e) {
        outcomes.add(new Outcome(indexed, null, e));
      }
    }
    ApiException first = null;
    for (Outcome outcome : outcomes) {
      ApiException error = settle(outcome, attributes);
      if (first == null) {
        first = error;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Waits for one webhook; its rejection, or null when it allowed the request or failed open. */
  private ApiException settle(Outcome outcome, AdmissionAttributes attributes) {
    Webhook webhook = outcome.indexed().invocation().webhook();
    try {
      if (outcome.error() instanceof ApiException api) {
        return api;
      }
      if (outcome.error() instanceof WebhookCallException call) {
        throw call;
      }
      AdmissionReviews.Response response = dispatcher.receive(webhook, outcome.pending(), attributes, false);
      return response.allowed() ? null : WebhookDispatcher.rejection(webhook.name(), response.status());
    } catch (WebhookCallException e) {
      if (webhook.failOpen()) {
        LOG.warn("Failed calling webhook, failing open {}: {}", webhook.name(), e.getMessage());
        attributes.feedback().annotate(FAILED_OPEN_ANNOTATION + outcome.indexed().index(), webhook.name());
        return null;
      }
      LOG.warn("Failed calling webhook, failing closed {}: {}", webhook.name(), e.getMessage());
      return WebhookDispatcher.failedClosed(e);
    }
  }
}
