package dev.aggregation.bench.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline of the operator scenario, the API floor: the end state the operator reached (each ApiServer with
 * its finalizer and Ready status, each child with the status the played controllers wrote) written to a fresh
 * mock by a client that knows it in advance. One create per object, then one status write per object that has a
 * status, which is the least any controller could send to reach that state; no reads, no watches, no retries.
 * Each worker writes one ApiServer's objects after another, as one reconcile would.
 */
final class ApiFloor {
  /** The kinds the operator makes (docs/operator.md's table), in the order its workflow creates them. */
  private static final List<Class<? extends HasMetadata>> CHILD_KINDS = List.of(
      Secret.class, ServiceAccount.class, ClusterRoleBinding.class, RoleBinding.class, ClusterRole.class,
      Service.class, ConfigMap.class, PersistentVolumeClaim.class, PodDisruptionBudget.class, Deployment.class,
      APIService.class);
  private static final String OWNER_NAMESPACE = "aggregation.dev/apiserver-namespace";
  private static final String INSTANCE = "app.kubernetes.io/instance";
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** What to write: per ApiServer, the ApiServer first and then its children. */
  record Plan(List<List<HasMetadata>> perApiServer) {
    int objects() {
      return perApiServer.stream().mapToInt(List::size).sum();
    }

    int statuses() {
      return (int) perApiServer.stream().flatMap(List::stream).filter(o -> status(o) != null).count();
    }
  }

  record Result(Duration elapsed, int requests) {}

  private ApiFloor() {}

  /** The ApiServers of {@code namespace} and every child the operator labelled as theirs, as they are now. */
  static Plan capture(KubernetesClient client, String namespace) {
    Map<String, List<HasMetadata>> byApiServer = new LinkedHashMap<>();
    for (GenericKubernetesResource apiServer :
        client.genericKubernetesResources(ApiServers.CONTEXT).inNamespace(namespace).list().getItems()) {
      byApiServer.computeIfAbsent(apiServer.getMetadata().getName(), k -> new ArrayList<>()).add(apiServer);
    }
    for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
      for (HasMetadata child : client.resources(kind).inAnyNamespace().withLabel(PlayedControllers.MANAGED)
          .list().getItems()) {
        Map<String, String> labels = child.getMetadata().getLabels();
        if (namespace.equals(labels.get(OWNER_NAMESPACE)) && byApiServer.containsKey(labels.get(INSTANCE))) {
          byApiServer.get(labels.get(INSTANCE)).add(child);
        }
      }
    }
    return new Plan(List.copyOf(byApiServer.values()));
  }

  /** Writes {@code plan} into {@code kube} with {@code workers} ApiServers in flight. */
  static Result replay(Plan plan, MockKubernetes kube, int workers) throws Exception {
    int before = kube.requestCount();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      long started = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (List<HasMetadata> objects : plan.perApiServer()) {
        done.add(pool.submit(() -> {
          objects.forEach(object -> write(kube.client(), object));
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      return new Result(Duration.ofNanos(System.nanoTime() - started), kube.requestCount() - before);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void write(KubernetesClient client, HasMetadata captured) {
    ObjectNode tree = JSON.valueToTree(captured);
    JsonNode status = tree.remove("status");
    if (status != null && status.isNull()) {
      status = null;
    }
    ObjectNode metadata = (ObjectNode) tree.get("metadata");
    metadata.remove(List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"));
    HasMetadata created = handle(client, JSON.convertValue(tree, captured.getClass())).create();
    if (status != null && !status.isEmpty()) {
      ObjectNode withStatus = JSON.valueToTree(created);
      withStatus.set("status", status);
      handle(client, JSON.convertValue(withStatus, captured.getClass())).updateStatus();
    }
  }

  private static JsonNode status(HasMetadata object) {
    JsonNode status = JSON.valueToTree(object).get("status");
    return status == null || status.isNull() || status.isEmpty() ? null : status;
  }

  @SuppressWarnings("unchecked")
  private static Resource<HasMetadata> handle(KubernetesClient client, HasMetadata object) {
    if (object instanceof GenericKubernetesResource apiServer) {
      return (Resource<HasMetadata>) (Resource<?>) client.genericKubernetesResources(ApiServers.CONTEXT)
          .inNamespace(apiServer.getMetadata().getNamespace()).resource(apiServer);
    }
    return client.resource(object);
  }
}
