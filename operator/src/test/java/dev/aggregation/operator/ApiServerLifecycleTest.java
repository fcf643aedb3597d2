package dev.aggregation.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.operator.certificates.CertificateAuthority;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.certificates.Pem;
import dev.aggregation.operator.certificates.Verification;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.CertificatesSpec;
import dev.aggregation.operator.customresource.EmbeddedStorage;
import dev.aggregation.operator.customresource.EtcdStorage;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.customresource.StorageSpec;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as production builds it ({@link OperatorFactory}), against fabric8's mock kube-apiserver in CRUD
 * mode. The mock runs no controllers: the tests play the Deployment controller and the aggregator by writing the
 * status those would write.
 */
@EnableKubernetesMockClient(crud = true)
class ApiServerLifecycleTest {
  static final String IMAGE = "registry.test/apiserver:1.0";
  static final Duration PATIENCE = Duration.ofSeconds(45);
  static KubernetesClient client;
  static Operator operator;

  @BeforeAll
  static void startOperator() {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of(System.getProperty("generated.crd")).toFile())
        .create();
    operator = OperatorFactory.create(
        client,
        new OperatorSettings(IMAGE, Constants.WATCH_ALL_NAMESPACE_SET),
        Clock.systemUTC(),
        new CertificatePlanner(new CertificateAuthority(new SecureRandom())));
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void deploysMutuallyConsistentChildrenAndRegistersApiServicesOnlyOnceTheDeploymentIsAvailable() throws Exception {
    ApiServer apiServer = create("consistent", "wardle", etcdSpec("wardle.example.com", 2, "v1alpha1", "v1beta1"));

    Deployment deployment = await(() -> deployment("consistent", "wardle"));
    Service service = await(() -> get(Service.class, "consistent", "wardle"));
    Secret secret = await(() -> get(Secret.class, "consistent", "wardle-serving-cert"));
    Map<String, String> pem = CertificateSecretData.decode(secret.getData());

    // The caBundle verifies the serving certificate, whose names are the Service's.
    X509Certificate serving = Pem.certificates(pem.get("tls.crt")).get(0);
    List<X509Certificate> bundle = Pem.certificates(pem.get("ca-bundle.crt"));
    assertThat(bundle).anyMatch(ca -> Verification.signedBy(serving, ca));
    assertThat(Verification.dnsNames(serving)).containsExactly(
        "wardle", "wardle.consistent", "wardle.consistent.svc", "wardle.consistent.svc.cluster.local");
    assertThat(Verification.keysMatch(Pem.privateKey(pem.get("tls.key")), serving.getPublicKey())).isTrue();

    // The Service selects the pods and targets their HTTPS port.
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
    assertThat(container.getPorts()).anyMatch(p -> p.getName().equals(service.getSpec().getPorts().get(0)
        .getTargetPort().getStrVal()));
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(443);

    // The args point at the directory where the Secret is mounted, as a directory.
    String volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null && "wardle-serving-cert".equals(v.getSecret().getSecretName()))
        .findFirst().orElseThrow().getName();
    VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume))
        .findFirst().orElseThrow();
    assertThat(mount.getSubPath()).isNull();
    assertThat(container.getArgs()).contains(
        "--tls-cert-file=" + mount.getMountPath() + "/tls.crt",
        "--tls-private-key-file=" + mount.getMountPath() + "/tls.key",
        "--secure-port=" + container.getPorts().get(0).getContainerPort(),
        "--etcd-servers=https://etcd-0.etcd:2379,https://etcd-1.etcd:2379",
        "--etcd-prefix=/registry/wardle.example.com");
    assertThat(container.getImage()).isEqualTo(IMAGE);
    // no resources in the spec: the defaults the image's heap flags are sized for
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("wardle");

    // RBAC of the apiserver's ServiceAccount, cluster-scoped and in kube-system.
    ClusterRoleBinding delegator = await(() -> get(ClusterRoleBinding.class, null,
        "apiserver-operator:consistent:wardle:auth-delegator"));
    assertThat(delegator.getRoleRef().getName()).isEqualTo("system:auth-delegator");
    assertThat(delegator.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("wardle");
      assertThat(s.getNamespace()).isEqualTo("consistent");
    });
    RoleBinding reader = await(() -> get(RoleBinding.class, "kube-system",
        "apiserver-operator:consistent:wardle:auth-reader"));
    assertThat(reader.getRoleRef().getName()).isEqualTo("extension-apiserver-authentication-reader");
    ClusterRole view = await(() -> get(ClusterRole.class, null,
        "apiserver-operator:consistent:wardle:aggregate-to-view"));
    assertThat(view.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(view.getRules().get(0).getApiGroups()).containsExactly("wardle.example.com");
    await(() -> get(ClusterRoleBinding.class, null, "apiserver-operator:consistent:wardle:apiserver"));
    await(() -> get(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, "consistent", "wardle"));

    // Not available yet: no APIService, and the status says why.
    ApiServer waiting = await(() -> statusWith(apiServer, "APIServicesAvailable", "False"));
    assertThat(waiting.getStatus().apiServices()).allMatch(s -> "WaitingForDeployment".equals(s.reason()));
    assertThat(client.resources(APIService.class).withName("v1alpha1.wardle.example.com").get()).isNull();

    makeAvailable("consistent", "wardle");
    APIService v1alpha1 = await(() -> get(APIService.class, null, "v1alpha1.wardle.example.com"));
    await(() -> get(APIService.class, null, "v1beta1.wardle.example.com"));
    assertThat(v1alpha1.getSpec().getCaBundle()).isEqualTo(secret.getData().get("ca-bundle.crt"));
    assertThat(v1alpha1.getSpec().getService().getName()).isEqualTo(service.getMetadata().getName());
    assertThat(v1alpha1.getSpec().getService().getNamespace()).isEqualTo("consistent");
    assertThat(v1alpha1.getSpec().getService().getPort()).isEqualTo(443);
    assertThat(v1alpha1.getSpec().getGroupPriorityMinimum()).isEqualTo(1000);
    assertThat(v1alpha1.getSpec().getInsecureSkipTLSVerify()).isNotEqualTo(Boolean.TRUE);

    markAvailable("v1alpha1.wardle.example.com");
    markAvailable("v1beta1.wardle.example.com");
    ApiServer ready = await(() -> statusWith(apiServer, "Ready", "True"));
    assertThat(ready.getStatus().observedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().certificate().notAfter())
        .isEqualTo(StatusReport.timestamp(serving.getNotAfter().toInstant()));
    assertThat(ready.getStatus().apiServices()).extracting(s -> s.name() + "=" + s.available())
        .containsExactly("v1alpha1.wardle.example.com=true", "v1beta1.wardle.example.com=true");
  }

  @Test
  void aSpecChangeRollsThroughToTheDeploymentAndTheApiServices() {
    ApiServer apiServer = create("changes", "flunder", etcdSpec("flunder.example.com", 2, "v1alpha1", "v1beta1"));
    await(() -> deployment("changes", "flunder"));
    makeAvailable("changes", "flunder");
    await(() -> get(APIService.class, null, "v1beta1.flunder.example.com"));

    ApiServerSpec spec = apiServer.getSpec();
    ApiServerSpec changed = new ApiServerSpec(spec.group(), List.of(new ServedVersion("v1", 20),
        new ServedVersion("v1beta1", null)), 2000, "registry.test/apiserver:2.0", 3, null, spec.storage(), null,
        null, null, null, null, null, null);
    // The operator writes the status meanwhile; like kubectl edit, retry on a stale resourceVersion.
    org.awaitility.Awaitility.await().atMost(PATIENCE).ignoreExceptionsInstanceOf(
        io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
          client.resources(ApiServer.class).inNamespace("changes").withName("flunder")
              .edit(current -> { current.setSpec(changed); return current; });
          return true;
        });

    await(() -> deployment("changes", "flunder")
        .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
            .equals("registry.test/apiserver:2.0"))
        .filter(d -> d.getSpec().getReplicas() == 3));
    // The mock keeps no status across a PUT (kube-apiserver would); play the controller finishing the rollout.
    makeAvailable("changes", "flunder");
    APIService v1 = await(() -> get(APIService.class, null, "v1.flunder.example.com"));
    assertThat(v1.getSpec().getVersionPriority()).isEqualTo(20);
    await(() -> get(APIService.class, null, "v1beta1.flunder.example.com")
        .filter(a -> a.getSpec().getGroupPriorityMinimum() == 2000));
    await(() -> client.resources(APIService.class).withName("v1alpha1.flunder.example.com").get() == null
        ? Optional.of(true) : Optional.empty());
  }

  @Test
  void aDeletedChildComesBack() {
    create("repair", "wardle", etcdSpec("repair.example.com", 1, "v1"));
    Service service = await(() -> get(Service.class, "repair", "wardle"));
    ClusterRoleBinding binding = await(() -> get(ClusterRoleBinding.class, null,
        "apiserver-operator:repair:wardle:auth-delegator"));

    client.resource(service).delete();
    client.resource(binding).delete();

    await(() -> get(Service.class, "repair", "wardle")
        .filter(s -> !s.getMetadata().getUid().equals(service.getMetadata().getUid())));
    await(() -> get(ClusterRoleBinding.class, null, "apiserver-operator:repair:wardle:auth-delegator")
        .filter(b -> !b.getMetadata().getUid().equals(binding.getMetadata().getUid())));
  }

  @Test
  void aSecondApiServerForAServedGroupVersionIsRefusedAndTouchesNothingOfTheFirst() {
    create("first", "wardle", etcdSpec("contested.example.com", 1, "v1"));
    await(() -> deployment("first", "wardle"));
    makeAvailable("first", "wardle");
    APIService served = await(() -> get(APIService.class, null, "v1.contested.example.com"));

    ApiServer second = create("second", "wardle", etcdSpec("contested.example.com", 1, "v1"));
    ApiServer refused = await(() -> statusWith(second, "Conflict", "True"));

    assertThat(condition(refused, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(condition(refused, "Conflict").orElseThrow().getMessage()).contains("first/wardle");
    APIService after = client.resources(APIService.class).withName("v1.contested.example.com").get();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(served.getMetadata().getResourceVersion());
    assertThat(client.apps().deployments().inNamespace("second").list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace("second").list().getItems()).isEmpty();
    assertThat(client.rbac().clusterRoleBindings().withName("apiserver-operator:second:wardle:auth-delegator").get())
        .isNull();
  }

  @Test
  void aShortLivedServingCertificateIsRenewedBeforeItExpires() throws Exception {
    ApiServerSpec spec = etcdSpec("renewal.example.com", 1, "v1");
    ApiServerSpec shortLived = new ApiServerSpec(spec.group(), spec.versions(), null, null, 1, null, spec.storage(),
        new CertificatesSpec("9s", "3s", null, null), null, null, null, null, null, null);
    create("renewal", "wardle", shortLived);
    Secret first = await(() -> get(Secret.class, "renewal", "wardle-serving-cert"));
    X509Certificate firstCertificate = certificate(first);
    assertThat(Duration.between(firstCertificate.getNotBefore().toInstant(), firstCertificate.getNotAfter().toInstant()))
        .isLessThan(Duration.ofMinutes(6)); // validity 9s after a 5 minute backdate

    Secret renewed = await(() -> get(Secret.class, "renewal", "wardle-serving-cert")
        .filter(s -> !certificate(s).getSerialNumber().equals(firstCertificate.getSerialNumber())));
    X509Certificate next = certificate(renewed);
    // Renewed before the old one expired, by the same CA, so the APIServices' caBundle still verifies it.
    assertThat(next.getNotBefore().toInstant()).isBefore(firstCertificate.getNotAfter().toInstant());
    assertThat(CertificateSecretData.decode(renewed.getData()).get("ca.crt"))
        .isEqualTo(CertificateSecretData.decode(first.getData()).get("ca.crt"));
  }

  @Test
  void deletionRemovesTheApiServicesAndEveryChildOutsideTheNamespace() {
    ApiServer apiServer = create("removal", "wardle", etcdSpec("removal.example.com", 1, "v1"));
    await(() -> deployment("removal", "wardle"));
    makeAvailable("removal", "wardle");
    await(() -> get(APIService.class, null, "v1.removal.example.com"));
    Deployment deployment = deployment("removal", "wardle").orElseThrow();
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(current(apiServer).getMetadata().getUid()));

    client.resource(current(apiServer)).delete();

    await(() -> client.resources(ApiServer.class).inNamespace("removal").withName("wardle").get() == null
        ? Optional.of(true) : Optional.empty());
    assertThat(client.resources(APIService.class).withName("v1.removal.example.com").get()).isNull();
    assertThat(client.rbac().clusterRoleBindings().list().getItems())
        .noneMatch(b -> b.getMetadata().getName().startsWith("apiserver-operator:removal:"));
    assertThat(client.rbac().clusterRoles().list().getItems())
        .noneMatch(r -> r.getMetadata().getName().startsWith("apiserver-operator:removal:"));
    assertThat(client.rbac().roleBindings().inNamespace("kube-system").list().getItems())
        .noneMatch(b -> b.getMetadata().getName().startsWith("apiserver-operator:removal:"));
  }

  @Test
  void embeddedStorageGetsAVolumeOneReplicaAndTheRecreateStrategy() {
    ApiServerSpec spec = new ApiServerSpec("embedded.example.com", List.of(new ServedVersion("v1", null)), null, null,
        null, null, new StorageSpec(new EmbeddedStorage("5Gi", "fast"), null), null, null, null, null, null, null,
        null);
    create("embedded", "wardle", spec);
    Deployment deployment = await(() -> deployment("embedded", "wardle"));
    var claim = await(() -> get(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, "embedded", "wardle-data"));

    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--data-dir=/var/lib/apiserver")
        .noneMatch(arg -> arg.startsWith("--etcd-servers"));
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> v.getPersistentVolumeClaim() != null
            && v.getPersistentVolumeClaim().getClaimName().equals("wardle-data"));
  }

  // --- helpers -----------------------------------------------------------------------------------------------

  static ApiServerSpec etcdSpec(String group, int replicas, String... versions) {
    return new ApiServerSpec(group, java.util.Arrays.stream(versions).map(v -> new ServedVersion(v, null)).toList(),
        null, null, replicas, null,
        new StorageSpec(null, new EtcdStorage(List.of("https://etcd-0.etcd:2379", "https://etcd-1.etcd:2379"), null,
            null)),
        null, null, null, null, null, null, null);
  }

  static ApiServer create(String namespace, String name, ApiServerSpec spec) {
    ApiServer apiServer = new ApiServer();
    apiServer.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    apiServer.setSpec(spec);
    return client.resource(apiServer).create();
  }

  static ApiServer current(ApiServer apiServer) {
    return client.resources(ApiServer.class).inNamespace(apiServer.getMetadata().getNamespace())
        .withName(apiServer.getMetadata().getName()).get();
  }

  static Optional<ApiServer> statusWith(ApiServer apiServer, String type, String status) {
    return Optional.ofNullable(current(apiServer))
        .filter(a -> condition(a, type).map(c -> status.equals(c.getStatus())).orElse(false));
  }

  static Optional<Condition> condition(ApiServer apiServer, String type) {
    return apiServer.getStatus() == null || apiServer.getStatus().conditions() == null
        ? Optional.empty()
        : apiServer.getStatus().conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static Optional<Deployment> deployment(String namespace, String name) {
    return get(Deployment.class, namespace, name);
  }

  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<T> get(Class<T> type, String namespace,
      String name) {
    return Optional.ofNullable(namespace == null
        ? client.resources(type).withName(name).get()
        : client.resources(type).inNamespace(namespace).withName(name).get());
  }

  /** Plays the Deployment controller: every replica updated and available. */
  static void makeAvailable(String namespace, String name) {
    Deployment deployment = deployment(namespace, name).orElseThrow();
    int replicas = deployment.getSpec().getReplicas();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).withUpdatedReplicas(replicas)
        .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
            .withReason("MinimumReplicasAvailable").withMessage("Deployment has minimum availability.").build())
        .build());
    client.resource(deployment).updateStatus();
  }

  /** Plays kube-apiserver's aggregator: the APIService's backend answers discovery. */
  static void markAvailable(String apiServiceName) {
    APIService apiService = client.resources(APIService.class).withName(apiServiceName).get();
    apiService.setStatus(new io.fabric8.kubernetes.api.model.APIServiceStatusBuilder()
        .withConditions(new APIServiceConditionBuilder().withType("Available").withStatus("True").withReason("Passed")
            .withMessage("all checks passed").build())
        .build());
    client.resource(apiService).updateStatus();
  }

  static X509Certificate certificate(Secret secret) {
    try {
      return Pem.certificates(CertificateSecretData.decode(secret.getData()).get("tls.crt")).get(0);
    } catch (Pem.InvalidPemException e) {
      throw new AssertionError(e);
    }
  }

  static <T> T await(java.util.function.Supplier<Optional<T>> probe) {
    return org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
        .until(probe::get, Optional::isPresent).orElseThrow();
  }
}
