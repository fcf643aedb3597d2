package dev.aggregation.apiserver.admission.webhook;

/**
 * webhookutil.ErrCallingWebhook: the webhook could not be called or gave no usable answer. Its failurePolicy
 * decides: Ignore lets the request through, Fail answers 500 with this message.
 */
final class WebhookCallException extends Exception {
  WebhookCallException(String webhookName, String reason, Throwable cause) {
    super("failed calling webhook \"" + webhookName + "\": " + reason, cause);
  }
}
