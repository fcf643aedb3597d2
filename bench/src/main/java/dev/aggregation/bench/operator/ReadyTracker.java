package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches ApiServers (an informer, so no poll interval adds to the figures) and notes the instant each first
 * reports {@code Ready=True} in its status.
 */
final class ReadyTracker implements AutoCloseable {
  private final Map<String, Long> readyAtNanos = new ConcurrentHashMap<>();
  private final CountDownLatch all;
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  ReadyTracker(MockKubernetes kube, String namespace, int expected) {
    this.all = new CountDownLatch(expected);
    this.informer = kube.client().genericKubernetesResources(ApiServers.CONTEXT).inNamespace(namespace)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource apiServer) {
            if (ApiServers.isReady(apiServer)
                && readyAtNanos.putIfAbsent(apiServer.getMetadata().getName(), System.nanoTime()) == null) {
              all.countDown();
            }
          }

          @Override
          public void onUpdate(GenericKubernetesResource previous, GenericKubernetesResource apiServer) {
            onAdd(apiServer);
          }

          @Override
          public void onDelete(GenericKubernetesResource apiServer, boolean finalStateUnknown) {
            // the bench deletes none
          }
        });
  }

  /** Waits until every expected ApiServer was Ready once; false when {@code patience} ran out first. */
  boolean awaitAll(Duration patience) throws InterruptedException {
    return all.await(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  int readyCount() {
    return readyAtNanos.size();
  }

  /** When {@code name} was first seen Ready (System.nanoTime), if it was. */
  Long readyAt(String name) {
    return readyAtNanos.get(name);
  }

  List<Long> readyTimes() {
    return List.copyOf(readyAtNanos.values());
  }

  @Override
  public void close() {
    informer.close();
  }
}
