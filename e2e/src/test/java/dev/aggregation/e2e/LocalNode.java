package dev.aggregation.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine playing the parts of a cluster the mock does not run, for the Deployments the operator makes:
 * the Deployment controller and kubelet (a local apiserver process per replica, with the pod's args, the
 * Secret and ConfigMap volumes materialised where the mounts say and kept in sync as kubelet does, the port
 * remapped to a free loopback one), the readiness probe, the Endpoints controller (each ready pod as
 * 127.0.0.1:port under the Service's port name) and the Deployment's status (Available once every replica is
 * ready).
 *
 * <p>What a real pod has that a process here cannot, the node adds as flags: the kubeconfig flags in place of
 * the in-cluster service account, and {@code --bind-address=127.0.0.1}.
 */
final class LocalNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private final KubernetesClient client;
  private final MockCluster cluster;
  private final Path root;
  private final VolumeWriter volumes = new VolumeWriter();
  private final Map<String, List<Pod>> pods = new ConcurrentHashMap<>();
  private final Map<String, Throwable> lastErrors = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
      runnable -> new Thread(runnable, "local-node"));
  private int podCounter;

  LocalNode(MockCluster cluster, Path root) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.root = root;
    loop.scheduleWithFixedDelay(this::syncSafely, 0, 300, TimeUnit.MILLISECONDS);
  }

  /** The pods of a Deployment, in start order. */
  List<Pod> pods(String namespace, String deployment) {
    return List.copyOf(pods.getOrDefault(namespace + "/" + deployment, List.of()));
  }

  /** What went wrong in the last sync of each Deployment (for a failing test's message). */
  String diagnostics() {
    StringBuilder text = new StringBuilder();
    lastErrors.forEach((key, error) -> text.append(key).append(": ").append(error).append('\n'));
    pods.forEach((key, list) -> list.forEach(pod -> text.append("--- pod ").append(pod.name())
        .append(pod.isAlive() ? " (running)" : " (exited)").append(" output:\n").append(tail(pod.output()))));
    return text.toString();
  }

  private static String tail(String output) {
    return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
  }

  private void syncSafely() {
    List<Deployment> deployments;
    try {
      deployments = client.apps().deployments().inAnyNamespace()
          .withLabel(MANAGED_BY, "apiserver-operator").list().getItems();
    } catch (RuntimeException e) {
      // A failed tick must not cancel the schedule; the next one tries again.
      LOG.warn("listing Deployments failed", e);
      return;
    }
    for (Deployment deployment : deployments) {
      String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
      try {
        sync(key, deployment);
        lastErrors.remove(key);
      } catch (Exception | Error e) {
        if (!Objects.equals(String.valueOf(lastErrors.put(key, e)), String.valueOf(e))) {
          LOG.warn("syncing {} failed", key, e);
        }
      }
    }
  }

  private void sync(String key, Deployment deployment) throws IOException {
    String namespace = deployment.getMetadata().getNamespace();
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    String hash = hash(Serialization.asJson(template));
    List<Pod> current = pods.computeIfAbsent(key, k -> new ArrayList<>());

    // Deployment controller: a changed template replaces the pods (Recreate; enough for these tests).
    for (Pod pod : List.copyOf(current)) {
      if (!pod.templateHash().equals(hash)) {
        pod.close();
        current.remove(pod);
      }
    }
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    while (current.size() > replicas) {
      current.remove(current.size() - 1).close();
    }
    while (current.size() < replicas) {
      current.add(startPod(deployment, hash));
    }

    // kubelet: volumes follow their Secrets and ConfigMaps; probes decide readiness.
    List<Pod> ready = new ArrayList<>();
    for (Pod pod : current) {
      syncVolumes(namespace, template, podDir(pod.name()));
      String readiness = template.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPath();
      if (pod.isAlive() && pod.probe(readiness)) {
        ready.add(pod);
      }
    }
    publishEndpoints(namespace, template, ready);
    publishStatus(deployment, replicas, ready.size());
  }

  private Pod startPod(Deployment deployment, String hash) throws IOException {
    String name = deployment.getMetadata().getName() + "-" + hash.substring(0, 8) + "-" + (++podCounter);
    Path dir = Files.createDirectories(podDir(name));
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    syncVolumes(deployment.getMetadata().getNamespace(), template, dir);
    Container container = template.getSpec().getContainers().get(0);
    Map<String, Volume> volumesByName = new HashMap<>();
    template.getSpec().getVolumes().forEach(volume -> volumesByName.put(volume.getName(), volume));
    Map<String, String> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volumesByName.get(mount.getName());
      if (volume == null) {
        throw new IllegalStateException("mount " + mount.getMountPath() + " names no volume: " + mount.getName());
      }
      mounts.put(mount.getMountPath(), volumeDir(deployment.getMetadata().getNamespace(), dir, volume).toString());
    }
    int containerPort = container.getPorts().get(0).getContainerPort();
    int port = freeLoopbackPort();
    List<String> args = new ArrayList<>();
    for (String arg : Objects.requireNonNullElse(container.getArgs(), List.<String>of())) {
      args.add(remap(arg, mounts, containerPort, port));
    }
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"), template.getSpec().getServiceAccountName());
    args.add("--bind-address=127.0.0.1");
    args.add("--authentication-kubeconfig=" + kubeconfig);
    args.add("--authorization-kubeconfig=" + kubeconfig);
    args.add("--kubeconfig=" + kubeconfig);
    LOG.info("starting pod {} of image {} on 127.0.0.1:{}: {}", name, container.getImage(), port, args);
    Map<String, String> env = new LinkedHashMap<>();
    for (var variable : Objects.requireNonNullElse(container.getEnv(), List.<io.fabric8.kubernetes.api.model.EnvVar>of())) {
      if (variable.getValueFrom() != null) {
        throw new IllegalStateException("env " + variable.getName() + ": valueFrom is not played by this node");
      }
      env.put(variable.getName(), Objects.requireNonNullElse(variable.getValue(), ""));
    }
    return Pod.start(name, hash, dir, port, args, env,
        java.util.Optional.ofNullable(mounts.get("/tmp")).map(Path::of));
  }

  /** A mount path becomes the local volume directory; the container port becomes the loopback port. */
  private static String remap(String arg, Map<String, String> mounts, int containerPort, int port) {
    if (arg.equals("--secure-port=" + containerPort)) {
      return "--secure-port=" + port;
    }
    int equals = arg.indexOf('=');
    if (equals < 0) {
      return arg;
    }
    String value = arg.substring(equals + 1);
    for (Map.Entry<String, String> mount : mounts.entrySet()) {
      if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
        return arg.substring(0, equals + 1) + mount.getValue() + value.substring(mount.getKey().length());
      }
    }
    return arg;
  }

  private void syncVolumes(String namespace, PodTemplateSpec template, Path podDir) throws IOException {
    for (Volume volume : template.getSpec().getVolumes()) {
      Path dir = volumeDir(namespace, podDir, volume);
      if (volume.getSecret() != null) {
        Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
        if (secret == null) {
          throw new IllegalStateException("volume " + volume.getName() + ": no Secret "
              + volume.getSecret().getSecretName());
        }
        Map<String, byte[]> files = new HashMap<>();
        Objects.requireNonNullElse(secret.getData(), Map.<String, String>of())
            .forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        Objects.requireNonNullElse(secret.getStringData(), Map.<String, String>of())
            .forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        if (volumes.write(dir, files)) {
          LOG.info("kubelet: wrote Secret {} to {}", volume.getSecret().getSecretName(), dir);
        }
      } else if (volume.getConfigMap() != null) {
        ConfigMap configMap =
            client.configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
        if (configMap == null) {
          throw new IllegalStateException("volume " + volume.getName() + ": no ConfigMap "
              + volume.getConfigMap().getName());
        }
        volumes.write(dir, VolumeWriter.utf8(Objects.requireNonNullElse(configMap.getData(), Map.of())));
      } else {
        // emptyDir, and a PersistentVolumeClaim bound to this node's disk.
        Files.createDirectories(dir);
      }
    }
  }

  /** A claim's directory outlives its pods (a replacement pod finds the data); other volumes are the pod's. */
  private Path volumeDir(String namespace, Path podDir, Volume volume) {
    if (volume.getPersistentVolumeClaim() != null) {
      return root.resolve("persistent-volumes").resolve(namespace)
          .resolve(volume.getPersistentVolumeClaim().getClaimName());
    }
    return podDir.resolve("volumes").resolve(volume.getName());
  }

  private void publishEndpoints(String namespace, PodTemplateSpec template, List<Pod> ready) {
    Map<String, String> labels = template.getMetadata().getLabels();
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector == null || selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
        continue;
      }
      List<EndpointSubset> subsets = new ArrayList<>();
      for (Pod pod : ready) {
        EndpointSubsetBuilder subset = new EndpointSubsetBuilder().addNewAddress().withIp("127.0.0.1").endAddress();
        for (ServicePort port : service.getSpec().getPorts()) {
          subset.addNewPort().withName(port.getName()).withPort(pod.port()).withProtocol("TCP").endPort();
        }
        subsets.add(subset.build());
      }
      Endpoints desired = new EndpointsBuilder()
          .withNewMetadata().withNamespace(namespace).withName(service.getMetadata().getName()).endMetadata()
          .withSubsets(subsets)
          .build();
      Endpoints existing = client.endpoints().inNamespace(namespace).withName(service.getMetadata().getName()).get();
      if (existing == null) {
        client.resource(desired).create();
      } else if (!Objects.equals(existing.getSubsets(), desired.getSubsets())) {
        existing.setSubsets(subsets);
        client.resource(existing).update();
      }
    }
  }

  private void publishStatus(Deployment deployment, int replicas, int ready) {
    boolean available = ready >= replicas;
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUpdatedReplicas(replicas)
        .withConditions(new DeploymentConditionBuilder()
            .withType("Available")
            .withStatus(available ? "True" : "False")
            .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
            .withMessage(available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.")
            .build())
        .build();
    DeploymentStatus current = deployment.getStatus();
    if (current != null && Objects.equals(current.getReadyReplicas(), status.getReadyReplicas())
        && Objects.equals(current.getReplicas(), status.getReplicas())
        && Objects.equals(current.getObservedGeneration(), status.getObservedGeneration())
        && current.getConditions().size() == 1
        && current.getConditions().get(0).getStatus().equals(status.getConditions().get(0).getStatus())) {
      return;
    }
    deployment.setStatus(status);
    client.resource(deployment).updateStatus();
  }

  private Path podDir(String podName) {
    return root.resolve(podName);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.values().forEach(list -> list.forEach(Pod::close));
  }
}
