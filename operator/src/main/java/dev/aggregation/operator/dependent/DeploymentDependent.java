package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The apiserver pods: the flags of k8s.io/apiserver as args, the certificate Secret mounted as a directory,
 * readiness on /readyz and liveness on /livez over HTTPS, rolling updates that never lower the number of ready
 * pods (or Recreate for the single-writer embedded store), anti-affinity when there are several replicas.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class DeploymentDependent extends NamespacedChild<Deployment> {
  public static final String CONTAINER = "apiserver";
  public static final String PORT_NAME = "https";
  public static final int PORT = 8443;
  public static final String CERT_DIR = "/var/run/apiserver/serving-cert";
  public static final String DATA_DIR = "/var/lib/apiserver";
  public static final String ETCD_TLS_DIR = "/var/run/apiserver/etcd-tls";
  public static final String AUDIT_DIR = "/etc/apiserver/audit";
  /** Paths the kubelet's unauthenticated probes reach; always allowed besides the user's. */
  static final List<String> PROBE_PATHS = List.of("/healthz", "/readyz", "/livez");

  private static final String TEMPLATE = "/templates/deployment.yaml";

  /** Parsed once: a YAML parse per build was a third of building the Deployment. Copied before each use. */
  private final Deployment template = ReconcilerUtils.loadYaml(Deployment.class, getClass(), TEMPLATE);

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.deployment(apiServer);
  }

  @Override
  protected Deployment build(ApiServer apiServer, Context<ApiServer> context) {
    ApiServerSpec spec = apiServer.getSpec();
    Deployment deployment = new DeploymentBuilder(template).build();
    deployment.getMetadata().setName(name(apiServer));
    deployment.getMetadata().setNamespace(apiServer.getMetadata().getNamespace());
    deployment.getMetadata().setLabels(ChildLabels.of(apiServer));

    var deploymentSpec = deployment.getSpec();
    int replicas = Defaults.replicas(spec);
    deploymentSpec.setReplicas(replicas);
    deploymentSpec.setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .withMatchLabels(ChildLabels.selector(apiServer))
        .build());
    deploymentSpec.setStrategy(strategy(spec));
    deploymentSpec.getTemplate().setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withLabels(ChildLabels.of(apiServer))
        .build());

    PodSpec pod = deploymentSpec.getTemplate().getSpec();
    pod.setServiceAccountName(Names.serviceAccount(apiServer));
    pod.setNodeSelector(spec.nodeSelector());
    pod.setTolerations(spec.tolerations());
    pod.setPriorityClassName(spec.priorityClassName());
    pod.setAffinity(affinity(apiServer, replicas));
    pod.getVolumes().add(secretVolume("serving-cert", Names.certificateSecret(apiServer)));

    Container container = pod.getContainers().get(0);
    container.setImage(Defaults.image(spec, ReconcileScope.of(context).settings().defaultImage()));
    container.setResources(Defaults.resources(spec));
    List<String> args = new ArrayList<>();
    args.add("--secure-port=" + PORT);
    args.add("--tls-cert-file=" + CERT_DIR + "/tls.crt");
    args.add("--tls-private-key-file=" + CERT_DIR + "/tls.key");
    args.add("--authorization-always-allow-paths=" + String.join(",", alwaysAllowPaths(spec)));

    if (Defaults.embeddedStorage(spec)) {
      args.add("--data-dir=" + DATA_DIR);
      pod.getVolumes().add(new VolumeBuilder()
          .withName("data")
          .withNewPersistentVolumeClaim(Names.dataVolumeClaim(apiServer), false)
          .build());
      container.getVolumeMounts().add(mount("data", DATA_DIR, false));
    } else {
      var etcd = spec.storage().etcd();
      args.add("--etcd-servers=" + String.join(",", etcd.endpoints()));
      args.add("--etcd-prefix=" + Defaults.etcdPrefix(spec));
      if (etcd.tlsSecretName() != null && !etcd.tlsSecretName().isBlank()) {
        args.add("--etcd-cafile=" + ETCD_TLS_DIR + "/ca.crt");
        args.add("--etcd-certfile=" + ETCD_TLS_DIR + "/tls.crt");
        args.add("--etcd-keyfile=" + ETCD_TLS_DIR + "/tls.key");
        pod.getVolumes().add(secretVolume("etcd-tls", etcd.tlsSecretName()));
        container.getVolumeMounts().add(mount("etcd-tls", ETCD_TLS_DIR, true));
      }
    }
    if (Defaults.auditPolicy(spec)) {
      args.add("--audit-policy-file=" + AUDIT_DIR + "/" + AuditPolicyConfigMapDependent.KEY);
      args.add("--audit-log-path=-");
      pod.getVolumes().add(new VolumeBuilder()
          .withName("audit-policy")
          .withNewConfigMap()
          .withName(Names.auditPolicy(apiServer))
          .endConfigMap()
          .build());
      container.getVolumeMounts().add(mount("audit-policy", AUDIT_DIR, true));
    }
    container.setArgs(args);
    return deployment;
  }

  static List<String> alwaysAllowPaths(ApiServerSpec spec) {
    Set<String> paths = new LinkedHashSet<>(PROBE_PATHS);
    if (spec.authorization() != null && spec.authorization().alwaysAllowPaths() != null) {
      paths.addAll(spec.authorization().alwaysAllowPaths());
    }
    return List.copyOf(paths);
  }

  private static DeploymentStrategy strategy(ApiServerSpec spec) {
    if (Defaults.embeddedStorage(spec)) {
      // One ReadWriteOnce volume, one writer: the old pod must be gone before the new one starts.
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .build();
  }

  /** The user's affinity; with several replicas and no pod anti-affinity of the user's, spread over nodes. */
  private static Affinity affinity(ApiServer apiServer, int replicas) {
    Affinity affinity = apiServer.getSpec().affinity();
    if (replicas <= 1 || (affinity != null && affinity.getPodAntiAffinity() != null)) {
      return affinity;
    }
    AffinityBuilder builder = affinity == null ? new AffinityBuilder() : new AffinityBuilder(affinity);
    return builder
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(ChildLabels.selector(apiServer))
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  private static Volume secretVolume(String name, String secretName) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secretName).endSecret().build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
  }
}
