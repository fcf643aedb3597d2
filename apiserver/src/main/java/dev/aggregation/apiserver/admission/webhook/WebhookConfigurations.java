package dev.aggregation.apiserver.admission.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster's Mutating- or ValidatingWebhookConfigurations (admissionregistration.k8s.io/v1) through
 * a fabric8 informer, as k8s.io/apiserver's configuration managers do, and lists their webhooks in Kubernetes'
 * order: configurations by name, webhooks in their order.
 */
public final class WebhookConfigurations<T extends HasMetadata> implements WebhookSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookConfigurations.class);

  private final SharedIndexInformer<T> informer;
  private final BiFunction<T, Integer, Webhook> webhook;
  private final java.util.function.ToIntFunction<T> count;
  private final CompletableFuture<Void> started;
  private final Duration readyTimeout;

  private WebhookConfigurations(
      SharedIndexInformer<T> informer,
      CompletableFuture<Void> started,
      BiFunction<T, Integer, Webhook> webhook,
      java.util.function.ToIntFunction<T> count,
      Duration readyTimeout) {
    this.informer = informer;
    this.started = started;
    this.webhook = webhook;
    this.count = count;
    this.readyTimeout = readyTimeout;
  }

  public static WebhookConfigurations<MutatingWebhookConfiguration> mutating(KubernetesClient client, Duration readyTimeout) {
    SharedIndexInformer<MutatingWebhookConfiguration> informer =
        client.admissionRegistration().v1().mutatingWebhookConfigurations().runnableInformer(0);
    return start(informer, Webhook::of, c -> c.getWebhooks() == null ? 0 : c.getWebhooks().size(), readyTimeout);
  }

  public static WebhookConfigurations<ValidatingWebhookConfiguration> validating(KubernetesClient client, Duration readyTimeout) {
    SharedIndexInformer<ValidatingWebhookConfiguration> informer =
        client.admissionRegistration().v1().validatingWebhookConfigurations().runnableInformer(0);
    return start(informer, Webhook::of, c -> c.getWebhooks() == null ? 0 : c.getWebhooks().size(), readyTimeout);
  }

  private static <T extends HasMetadata> WebhookConfigurations<T> start(
      SharedIndexInformer<T> informer, BiFunction<T, Integer, Webhook> webhook, java.util.function.ToIntFunction<T> count, Duration readyTimeout) {
    informer.exceptionHandler((started, t) -> {
      LOG.warn("watching webhook configurations failed, retrying: {}", t.getMessage());
      return true;
    });
    CompletableFuture<Void> started = informer.start().toCompletableFuture();
    return new WebhookConfigurations<>(informer, started, webhook, count, readyTimeout);
  }

  @Override
  public boolean waitForReady() {
    if (informer.hasSynced()) {
      return true;
    }
    try {
      started.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return informer.hasSynced();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return informer.hasSynced();
  }

  @Override
  public List<Webhook> webhooks() {
    List<T> configurations = new ArrayList<>(informer.getStore().list());
    configurations.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    List<Webhook> webhooks = new ArrayList<>();
    for (T configuration : configurations) {
      for (int i = 0; i < count.applyAsInt(configuration); i++) {
        webhooks.add(webhook.apply(configuration, i));
      }
    }
    return webhooks;
  }

  @Override
  public void close() {
    informer.close();
  }
}
