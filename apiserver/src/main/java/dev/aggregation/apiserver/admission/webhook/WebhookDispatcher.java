package dev.aggregation.apiserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionErrors;
import dev.aggregation.apiserver.admission.namespace.NamespaceLookup;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the mutating and the validating webhook plugins share: readiness, matching, the dry-run rules, calling
 * a webhook and reading its answer, and Kubernetes' rejection message.
 */
final class WebhookDispatcher {
  private final WebhookSource source;
  private final NamespaceLookup namespaces;
  private final WebhookMatcher matcher;
  private final WebhookCaller caller;

  WebhookDispatcher(WebhookSource source, NamespaceLookup namespaces, WebhookCaller caller) {
    this.source = source;
    this.namespaces = namespaces;
    this.matcher = new WebhookMatcher(namespaces);
    this.caller = caller;
  }

  /** A webhook to call and its index among all webhooks of its type (audit annotations name it). */
  record Indexed(Invocation invocation, int index) {}

  /** The webhooks that apply to the request, in order; 403 "not yet ready" before the caches have synced. */
  List<Indexed> invocations(AdmissionAttributes attributes) {
    if (!namespaces.waitForReady() || !source.waitForReady()) {
      throw AdmissionErrors.forbidden(attributes, "not yet ready to handle request");
    }
    List<Webhook> webhooks = source.webhooks();
    List<Indexed> invocations = new ArrayList<>();
    for (int i = 0; i < webhooks.size(); i++) {
      Optional<Invocation> invocation = matcher.match(webhooks.get(i), attributes);
      if (invocation.isPresent()) {
        invocations.add(new Indexed(invocation.get(), i));
      }
    }
    return invocations;
  }

  /** A review sent and its answer to come. */
  record Pending(AdmissionReviews.Review review, WebhookCaller.Call call) {}

  /**
   * Checks the dry-run rules and sends the review.
   *
   * @throws ApiException 400 when a dry run reaches a webhook with side effects (not subject to failurePolicy)
   * @throws WebhookCallException when the webhook cannot be called
   */
  Pending send(Invocation invocation, AdmissionAttributes attributes) throws WebhookCallException {
    Webhook webhook = invocation.webhook();
    if (attributes.dryRun()) {
      if (webhook.sideEffects() == null) {
        throw new WebhookCallException(webhook.name(), "Webhook SideEffects is nil", null);
      }
      if (!webhook.dryRunSafe()) {
        throw ApiErrors.badRequest("admission webhook \"" + webhook.name() + "\" does not support dry run");
      }
    }
    String version = AdmissionReviews.reviewVersion(webhook);
    if (version == null) {
      throw new WebhookCallException(
          webhook.name(),
          "could not create admission objects: webhook does not accept known AdmissionReview versions " + webhook.admissionReviewVersions(),
          null);
    }
    AdmissionReviews.Review review = AdmissionReviews.request(invocation, attributes, version);
    return new Pending(review, caller.post(webhook, review.body()));
  }

  /** Waits for the answer and verifies it; records its warnings and audit annotations. */
  AdmissionReviews.Response receive(Webhook webhook, Pending pending, AdmissionAttributes attributes, boolean mutating)
      throws WebhookCallException {
    JsonNode body = pending.call().await();
    AdmissionReviews.Response response;
    try {
      response = AdmissionReviews.verify(pending.review(), body, mutating);
    } catch (IllegalArgumentException e) {
      throw new WebhookCallException(webhook.name(), "received invalid webhook response: " + e.getMessage(), e);
    }
    response.auditAnnotations().forEach((k, v) -> attributes.feedback().annotate(webhook.name() + "/" + k, v));
    response.warnings().forEach(attributes.feedback()::warn);
    return response;
  }

  /**
   * webhookerrors.ToStatusErr: the webhook's Status with a code of at least 400 (403 by default), status
   * Failure, and the message {@code admission webhook "<name>" denied the request: <message or reason>}.
   */
  static ApiException rejection(String webhookName, ObjectNode result) {
    Status status = result == null ? new Status() : Json.convert(result, Status.class);
    status.setApiVersion("v1");
    status.setKind("Status");
    if (status.getMetadata() == null) {
      status.setMetadata(new ListMeta());
    }
    if (status.getCode() == null || status.getCode() < 400) {
      status.setCode(403);
    }
    if (status.getStatus() == null || status.getStatus().isEmpty() || status.getStatus().equals("Success")) {
      status.setStatus("Failure");
    }
    String deniedBy = "admission webhook \"" + webhookName + "\" denied the request";
    if (status.getMessage() != null && !status.getMessage().isEmpty()) {
      status.setMessage(deniedBy + ": " + status.getMessage());
    } else if (status.getReason() != null && !status.getReason().isEmpty()) {
      status.setMessage(deniedBy + ": " + status.getReason());
    } else {
      status.setMessage(deniedBy + " without explanation");
    }
    return new ApiException(status);
  }

  /** A call failure under failurePolicy Fail: 500 InternalError with the failure's message. */
  static ApiException failedClosed(WebhookCallException e) {
    return ApiErrors.internal(e);
  }
}
