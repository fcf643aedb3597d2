package dev.aggregation.apiserver.admission.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespaces from a fabric8 informer (list + watch through --kubeconfig), with live GETs for names the informer
 * does not have. Readiness waits up to {@code readyTimeout} for the informer's first list, as admission.Handler's
 * WaitForReady waits 10 s.
 */
public final class InformerNamespaceLookup implements NamespaceLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InformerNamespaceLookup.class);
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final SharedIndexInformer<Namespace> informer;
  private final CompletableFuture<Void> started;
  private final Duration readyTimeout;

  private InformerNamespaceLookup(
      KubernetesClient client, SharedIndexInformer<Namespace> informer, CompletableFuture<Void> started, Duration readyTimeout) {
    this.client = client;
    this.informer = informer;
    this.started = started;
    this.readyTimeout = readyTimeout;
  }

  /** Starts watching namespaces; returns at once, the first list arrives in the background. */
  public static InformerNamespaceLookup start(KubernetesClient client, Duration readyTimeout) {
    SharedIndexInformer<Namespace> informer = client.namespaces().runnableInformer(0);
    informer.exceptionHandler((started, t) -> {
      LOG.warn("watching namespaces failed, retrying: {}", t.getMessage());
      return true;
    });
    CompletableFuture<Void> started = informer.start().toCompletableFuture();
    return new InformerNamespaceLookup(client, informer, started, readyTimeout);
  }

  @Override
  public boolean waitForReady() {
    if (informer.hasSynced()) {
      return true;
    }
    try {
      started.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return informer.hasSynced();
    } catch (TimeoutException | ExecutionException e) {
      return informer.hasSynced();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Optional<Namespace> cached(String name) {
    return Optional.ofNullable(informer.getStore().getByKey(name));
  }

  @Override
  public Optional<Namespace> live(String name) {
    return Optional.ofNullable(client.namespaces().withName(name).get());
  }

  @Override
  public void close() {
    informer.close();
  }
}
