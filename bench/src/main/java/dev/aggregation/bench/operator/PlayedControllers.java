package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.APIServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What a cluster runs and the mock does not, for the children the operator makes: the Deployment controller and
 * kubelet (every replica updated and available, written as soon as a Deployment appears or loses its status to an
 * update, as the mock keeps no status across a PUT) and kube-apiserver's aggregator (each APIService Available).
 * The same status the operator's tests write ({@code ApiServerLifecycleTest.makeAvailable}/{@code markAvailable}),
 * written by informers instead of by the test, so that no pod start or discovery round adds to the measurement.
 */
final class PlayedControllers implements AutoCloseable {
  static final String MANAGED = "app.kubernetes.io/managed-by=apiserver-operator";

  private final KubernetesClient client;
  /** Status writes off the informers' single event thread, a few at a time as controllers' workers would. */
  private final ExecutorService writers = Executors.newFixedThreadPool(4, runnable -> {
    Thread thread = new Thread(runnable, "played-controller");
    thread.setDaemon(true);
    return thread;
  });
  private final List<SharedIndexInformer<?>> informers;
  private final AtomicInteger statusWrites = new AtomicInteger();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  PlayedControllers(KubernetesClient client) {
    this.client = client;
    this.informers = List.of(
        client.apps().deployments().inAnyNamespace().withLabel(MANAGED)
            .inform(handler(PlayedControllers::deploymentAvailable, PlayedControllers::markDeploymentAvailable)),
        client.resources(APIService.class).withLabel(MANAGED)
            .inform(handler(PlayedControllers::apiServiceAvailable, PlayedControllers::markApiServiceAvailable)));
  }

  /** How many statuses were written. */
  int statusWrites() {
    return statusWrites.get();
  }

  /** Fails with the first status write that went wrong other than by a conflict, if any. */
  void check() {
    RuntimeException first = failure.get();
    if (first != null) {
      throw new IllegalStateException("a played controller failed to write a status", first);
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Predicate<T> done, UnaryOperator<T> mark) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        if (!done.test(object)) {
          writers.execute(() -> write(object, done, mark));
        }
      }

      @Override
      public void onUpdate(T previous, T object) {
        onAdd(object);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        // nothing to play: the operator deletes children only when its ApiServer goes
      }
    };
  }

  /** Writes the status to the object as it is now; a conflict means a newer version, whose own event follows. */
  private <T extends HasMetadata> void write(T seen, Predicate<T> done, UnaryOperator<T> mark) {
    try {
      T current = client.resource(seen).get();
      if (current == null || done.test(current)) {
        return;
      }
      client.resource(mark.apply(current)).updateStatus();
      statusWrites.incrementAndGet();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        failure.compareAndSet(null, e);
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  static boolean deploymentAvailable(Deployment deployment) {
    return deployment.getStatus() != null
        && Objects.equals(deployment.getStatus().getObservedGeneration(), deployment.getMetadata().getGeneration())
        && deployment.getStatus().getConditions() != null
        && deployment.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Deployment markDeploymentAvailable(Deployment deployment) {
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).withUpdatedReplicas(replicas)
        .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
            .withReason("MinimumReplicasAvailable").withMessage("Deployment has minimum availability.").build())
        .build());
    return deployment;
  }

  static boolean apiServiceAvailable(APIService apiService) {
    return apiService.getStatus() != null && apiService.getStatus().getConditions() != null
        && apiService.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static APIService markApiServiceAvailable(APIService apiService) {
    apiService.setStatus(new APIServiceStatusBuilder()
        .withConditions(new APIServiceConditionBuilder().withType("Available").withStatus("True").withReason("Passed")
            .withMessage("all checks passed").build())
        .build());
    return apiService;
  }

  @Override
  public void close() throws InterruptedException {
    informers.forEach(SharedIndexInformer::close);
    writers.shutdownNow();
    writers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
