package dev.aggregation.operator;

import static dev.aggregation.operator.ApiServerLifecycleTest.etcdSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.operator.certificates.CertificateAuthority;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.dependent.ChildLabels;
import dev.aggregation.operator.dependent.DesiredStateHash;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.APIServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An operator upgrade against the mock kube-apiserver. The previous release (0.0.9: the same names, labels and
 * ownership marks, an older apiserver image, another field manager, no desired-state hash) has made everything
 * for two ApiServers and stopped; the new release starts. It must adopt every object (same uid: nothing deleted,
 * nothing duplicated), roll the Deployment to its own image only where spec.image is empty, keep the stored
 * ApiServers readable, and remove the APIService of a version the user then drops.
 */
@EnableKubernetesMockClient(crud = true)
class UpgradeTest {
  static final String OLD_IMAGE = "registry.test/apiserver:0.0.9";
  static final String NEW_IMAGE = "registry.test/apiserver:0.1.0";
  static final String PINNED_IMAGE = "registry.test/apiserver:custom";
  static final String OLD_MANAGER = "apiserver-operator-0.0.9";
  static KubernetesClient client;

  static Operator release(String image) {
    Operator operator = OperatorFactory.create(client, new OperatorSettings(image, Constants.WATCH_ALL_NAMESPACE_SET),
        Clock.systemUTC(), new CertificatePlanner(new CertificateAuthority(new SecureRandom())));
    operator.start();
    return operator;
  }

  @Test
  void newReleaseAdoptsWhatThePreviousOneMadeAndRollsOnlyUnpinnedDeployments() {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of(System.getProperty("generated.crd")).toFile()).create();
    ApiServerSpec floating = etcdSpec("upgrade.example.com", 1, "v1alpha1", "v1beta1");
    ApiServerSpec base = etcdSpec("pinned.example.com", 1, "v1");
    ApiServerSpec pinned = new ApiServerSpec(base.group(), base.versions(), null, PINNED_IMAGE, 1, null, base.storage(),
        null, null, null, null, null, null, null);

    // --- the previous release -------------------------------------------------------------------------------
    Operator previous = release(OLD_IMAGE);
    ApiServerLifecycleTest.client = client; // its helpers play the Deployment controller and the aggregator
    ApiServerLifecycleTest.create("upgrade", "wardle", floating);
    ApiServerLifecycleTest.create("upgrade", "pinned", pinned);
    for (String name : List.of("wardle", "pinned")) {
      await(() -> ApiServerLifecycleTest.deployment("upgrade", name));
      ApiServerLifecycleTest.makeAvailable("upgrade", name);
    }
    await(() -> apiService("v1alpha1.upgrade.example.com"));
    await(() -> apiService("v1beta1.upgrade.example.com"));
    await(() -> apiService("v1.pinned.example.com"));
    previous.stop();
    // What an older release would have left: its own field manager, no desired-state hash on the Deployment.
    Deployment oldDeployment = rewrite(ApiServerLifecycleTest.deployment("upgrade", "wardle").orElseThrow(), d -> {
      d.getMetadata().getAnnotations().remove(DesiredStateHash.ANNOTATION);
      return d;
    });
    assertThat(image(oldDeployment)).isEqualTo(OLD_IMAGE);
    Deployment oldPinned = ApiServerLifecycleTest.deployment("upgrade", "pinned").orElseThrow();
    Service oldService = client.services().inNamespace("upgrade").withName("wardle").get();
    ClusterRoleBinding oldBinding = client.rbac().clusterRoleBindings()
        .withName("apiserver-operator:upgrade:wardle:auth-delegator").get();
    APIService oldV1beta1 = rewrite(apiService("v1beta1.upgrade.example.com").orElseThrow(), a -> a);
    markAvailable("v1beta1.upgrade.example.com");

    // --- the new release ------------------------------------------------------------------------------------
    Operator next = release(NEW_IMAGE);
    try {
      Deployment rolled = await(() -> ApiServerLifecycleTest.deployment("upgrade", "wardle")
          .filter(d -> NEW_IMAGE.equals(image(d))));
      assertThat(rolled.getMetadata().getUid()).isEqualTo(oldDeployment.getMetadata().getUid());
      assertThat(rolled.getMetadata().getAnnotations()).containsKey(DesiredStateHash.ANNOTATION);
      assertThat(client.apps().deployments().inNamespace("upgrade").withLabel(ChildLabels.SELECTOR).list().getItems())
          .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("wardle", "pinned");

      // A pinned image stays: the new release's image is only the default.
      Deployment pinnedNow = ApiServerLifecycleTest.deployment("upgrade", "pinned").orElseThrow();
      assertThat(image(pinnedNow)).isEqualTo(PINNED_IMAGE);
      assertThat(pinnedNow.getMetadata().getUid()).isEqualTo(oldPinned.getMetadata().getUid());

      // Adopted, not recreated.
      assertThat(client.services().inNamespace("upgrade").withName("wardle").get().getMetadata().getUid())
          .isEqualTo(oldService.getMetadata().getUid());
      assertThat(client.rbac().clusterRoleBindings().withName("apiserver-operator:upgrade:wardle:auth-delegator").get()
          .getMetadata().getUid()).isEqualTo(oldBinding.getMetadata().getUid());
      assertThat(client.services().inNamespace("upgrade").list().getItems()).hasSize(2);

      // The stored ApiServers read back whole.
      ApiServer stored = client.resources(ApiServer.class).inNamespace("upgrade").withName("wardle").get();
      assertThat(stored.getSpec()).isEqualTo(floating);
      assertThat(client.resources(ApiServer.class).inNamespace("upgrade").withName("pinned").get().getSpec())
          .isEqualTo(pinned);

      // The user drops v1alpha1: its APIService goes, v1beta1's stays (the same object).
      ApiServerLifecycleTest.makeAvailable("upgrade", "wardle");
      ApiServerSpec dropped = new ApiServerSpec(floating.group(), List.of(new ServedVersion("v1beta1", null)), null,
          null, 1, null, floating.storage(), null, null, null, null, null, null, null);
      Awaitility.await().atMost(Duration.ofSeconds(45)).ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .until(() -> {
            client.resources(ApiServer.class).inNamespace("upgrade").withName("wardle")
                .edit(current -> { current.setSpec(dropped); return current; });
            return true;
          });
      await(() -> apiService("v1alpha1.upgrade.example.com").isEmpty() ? Optional.of(true) : Optional.empty());
      assertThat(apiService("v1beta1.upgrade.example.com")).hasValueSatisfying(a ->
          assertThat(a.getMetadata().getUid()).isEqualTo(oldV1beta1.getMetadata().getUid()));
      assertThat(apiService("v1.pinned.example.com")).isPresent();
    } finally {
      next.stop();
    }
  }

  /** Writes the object back as an older release would have: with its own field manager. */
  static <T extends HasMetadata> T rewrite(T object, UnaryOperator<T> change) {
    T changed = change.apply(object);
    changed.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager(OLD_MANAGER)
        .withOperation("Update").withApiVersion(changed.getApiVersion()).withFieldsType("FieldsV1").build()));
    return client.resource(changed).update();
  }

  static Optional<APIService> apiService(String name) {
    return Optional.ofNullable(client.resources(APIService.class).withName(name).get());
  }

  static void markAvailable(String name) {
    APIService apiService = apiService(name).orElseThrow();
    apiService.setStatus(new APIServiceStatusBuilder().withConditions(new APIServiceConditionBuilder()
        .withType("Available").withStatus("True").withReason("Passed").build()).build());
    client.resource(apiService).updateStatus();
  }

  static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  static <T> T await(Supplier<Optional<T>> probe) {
    return Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
        .until(probe::get, Optional::isPresent).orElseThrow();
  }
}
