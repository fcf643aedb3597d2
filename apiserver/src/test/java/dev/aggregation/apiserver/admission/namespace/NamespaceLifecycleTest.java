package dev.aggregation.apiserver.admission.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.apis.wardle.FlunderStrategy;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NamespaceLifecycle against kubernetes-server-mock in CRUD mode playing kube-apiserver. */
@EnableKubernetesMockClient(crud = true)
class NamespaceLifecycleTest {
  KubernetesClient client;
  private InformerNamespaceLookup namespaces;

  @BeforeEach
  void namespaces() {
    client.namespaces().resource(namespace("team", "Active")).create();
    client.namespaces().resource(namespace("leaving", "Terminating")).create();
    namespaces = InformerNamespaceLookup.start(client, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    namespaces.close();
  }

  private static Namespace namespace(String name, String phase) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase(phase).endStatus().build();
  }

  private static AdmissionAttributes attributes(Operation operation, String namespace, String name) {
    ObjectNode object = Json.object();
    object.putObject("metadata").put("name", name).put("namespace", namespace);
    return new AdmissionAttributes(operation, new FlunderStrategy(), "v1alpha1", "", namespace, name,
        operation == Operation.DELETE ? null : object, operation == Operation.CREATE ? null : object.deepCopy(),
        UserInfo.of("alice", List.of()), false);
  }

  @Test
  void admitsACreateInAnExistingNamespace() {
    NamespaceLifecycle plugin = new NamespaceLifecycle(namespaces);
    assertThatNoException().isThrownBy(() -> plugin.admit(attributes(Operation.CREATE, "team", "f")));
  }

  @Test
  void refusesACreateInAMissingNamespaceWith404() {
    ApiException error = catchThrowableOfType(ApiException.class,
        () -> new NamespaceLifecycle(namespaces).admit(attributes(Operation.CREATE, "nowhere", "f")));
    assertThat(error.code()).isEqualTo(404);
    assertThat(error.reason()).isEqualTo("NotFound");
    assertThat(error.getMessage()).isEqualTo("namespaces \"nowhere\" not found");
    assertThat(error.status().getDetails().getKind()).isEqualTo("namespaces");
  }

  @Test
  void refusesACreateInATerminatingNamespaceWith403() {
    ApiException error = catchThrowableOfType(ApiException.class,
        () -> new NamespaceLifecycle(namespaces).admit(attributes(Operation.CREATE, "leaving", "f")));
    assertThat(error.code()).isEqualTo(403);
    assertThat(error.reason()).isEqualTo("Forbidden");
    assertThat(error.getMessage()).isEqualTo(
        "flunders.wardle.example.com \"f\" is forbidden: unable to create new content in namespace leaving because it is being terminated");
    assertThat(error.status().getDetails().getCauses()).singleElement().satisfies(cause -> {
      assertThat(cause.getReason()).isEqualTo("NamespaceTerminating");
      assertThat(cause.getField()).isEqualTo("metadata.namespace");
      assertThat(cause.getMessage()).isEqualTo("namespace leaving is being terminated");
    });
  }

  @Test
  void letsUpdatesAndDeletesThroughInATerminatingNamespace() {
    NamespaceLifecycle plugin = new NamespaceLifecycle(namespaces);
    assertThatNoException().isThrownBy(() -> plugin.admit(attributes(Operation.UPDATE, "leaving", "f")));
    assertThat(plugin.handles(attributes(Operation.DELETE, "nowhere", "f"))).isFalse();
  }

  @Test
  void refusesAnUpdateInAMissingNamespace() {
    ApiException error = catchThrowableOfType(ApiException.class,
        () -> new NamespaceLifecycle(namespaces).admit(attributes(Operation.UPDATE, "nowhere", "f")));
    assertThat(error.code()).isEqualTo(404);
  }

  @Test
  void readsANamespaceTheCacheDoesNotKnowFromKubeApiserver() {
    client.namespaces().resource(namespace("brand-new", "Active")).create();
    NamespaceLookup staleCache = new NamespaceLookup() {
      @Override
      public boolean waitForReady() {
        return true;
      }

      @Override
      public Optional<Namespace> cached(String name) {
        return Optional.empty();
      }

      @Override
      public Optional<Namespace> live(String name) {
        return namespaces.live(name);
      }
    };
    assertThatNoException().isThrownBy(() -> new NamespaceLifecycle(staleCache).admit(attributes(Operation.CREATE, "brand-new", "f")));
  }

  @Test
  void ignoresClusterScopedObjects() {
    assertThat(new NamespaceLifecycle(namespaces).handles(attributes(Operation.CREATE, "", "f"))).isFalse();
  }
}
