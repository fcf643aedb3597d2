package dev.aggregation.apiserver.admission.webhook;

import java.util.List;

/** The webhooks of the cluster's configurations of one type, in Kubernetes' order. */
public interface WebhookSource {
  /** Waits (a bounded time) for the first full list of configurations; false if it has not come. */
  boolean waitForReady();

  /** Configurations sorted by name, each one's webhooks in their order. */
  List<Webhook> webhooks();
}
