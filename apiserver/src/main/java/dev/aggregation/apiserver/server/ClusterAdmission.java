package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.namespace.InformerNamespaceLookup;
import dev.aggregation.apiserver.admission.namespace.NamespaceLifecycle;
import dev.aggregation.apiserver.admission.webhook.MutatingAdmissionWebhook;
import dev.aggregation.apiserver.admission.webhook.ServiceResolver;
import dev.aggregation.apiserver.admission.webhook.ValidatingAdmissionWebhook;
import dev.aggregation.apiserver.admission.webhook.WebhookCaller;
import dev.aggregation.apiserver.admission.webhook.WebhookConfigurations;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server's own admission plugins, which read the cluster: NamespaceLifecycle, MutatingAdmissionWebhook and
 * ValidatingAdmissionWebhook, in Kubernetes' recommended order (the served APIs' plugins, such as BanFlunder,
 * come after them, as sample-apiserver appends BanFlunder to that order). They read namespaces and webhook
 * configurations through --kubeconfig (the in-cluster service account when it is absent) with informers. A
 * standalone server has no cluster: none of them is registered, any namespace is accepted and no webhook runs.
 */
final class ClusterAdmission {
  /** The names of the plugins, known to the flags even when standalone does not register them. */
  static final Set<String> NAMES =
      Set.of(NamespaceLifecycle.NAME, MutatingAdmissionWebhook.NAME, ValidatingAdmissionWebhook.NAME);

  private ClusterAdmission() {}

  /** The plugins, their informers and clients added to {@code resources} to be closed with the server. */
  static List<AdmissionPlugin> plugins(ServerConfig config, Vertx vertx, ServiceResolver resolver, List<AutoCloseable> resources)
      throws IOException {
    if (config.standalone()) {
      return List.of();
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(config.kubeconfig())).build();
    resources.add(client);
    InformerNamespaceLookup namespaces = InformerNamespaceLookup.start(client, InformerNamespaceLookup.READY_TIMEOUT);
    resources.add(namespaces);
    var mutating = WebhookConfigurations.mutating(client, InformerNamespaceLookup.READY_TIMEOUT);
    resources.add(mutating);
    var validating = WebhookConfigurations.validating(client, InformerNamespaceLookup.READY_TIMEOUT);
    resources.add(validating);
    WebhookCaller caller = new WebhookCaller(vertx, resolver);
    resources.add(caller);
    return List.of(
        new NamespaceLifecycle(namespaces),
        new MutatingAdmissionWebhook(mutating, namespaces, caller),
        new ValidatingAdmissionWebhook(validating, namespaces, caller));
  }

  /** --kubeconfig's current context, else fabric8's auto-configuration (the pod's service account in a cluster). */
  static Config clientConfig(Optional<Path> kubeconfig) throws IOException {
    if (kubeconfig.isPresent()) {
      try {
        return Config.fromKubeconfig(Files.readString(kubeconfig.get()));
      } catch (IOException e) {
        throw new IOException("failed to read kubeconfig \"" + kubeconfig.get() + "\": " + e.getMessage(), e);
      }
    }
    return Config.autoConfigure(null);
  }
}
