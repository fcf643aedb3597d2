package dev.aggregation.tools.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** `kubectl kustomize config/default` (kubectl's built-in kustomize) builds what `kubectl apply -k` installs. */
class KustomizeBuildTest {
  static List<JsonNode> kustomize(String directory) throws Exception {
    String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
    Process process;
    try {
      process = new ProcessBuilder(kubectl, "kustomize", directory)
          .directory(CommittedBundleTest.PROJECT.root().toFile())
          .redirectErrorStream(false)
          .start();
    } catch (IOException e) {
      Assumptions.abort("kubectl is not installed (" + e.getMessage() + "); cannot run kubectl kustomize");
      throw e;
    }
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", directory, err).isZero();
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = Yaml.YAML.readerFor(JsonNode.class).readValues(out)) {
      documents.forEachRemaining(objects::add);
    }
    return objects;
  }

  @Test
  void defaultBuildsTheNamespaceCrdRbacAndOperatorInOneNamespace() throws Exception {
    List<JsonNode> objects = kustomize("config/default");

    assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "Namespace/apiserver-operator-system",
            "CustomResourceDefinition/apiservers.aggregation.dev",
            "ServiceAccount/apiserver-operator",
            "ClusterRole/apiserver-operator",
            "ClusterRoleBinding/apiserver-operator",
            "Role/apiserver-operator-leader-election",
            "RoleBinding/apiserver-operator-leader-election",
            "Deployment/apiserver-operator",
            "Service/apiserver-operator-metrics");
    assertThat(objects).filteredOn(o -> List.of("ServiceAccount", "Role", "RoleBinding", "Deployment", "Service")
            .contains(o.path("kind").asText()))
        .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("apiserver-operator-system"));
    JsonNode binding = objects.stream().filter(o -> o.path("kind").asText().equals("ClusterRoleBinding")).findFirst()
        .orElseThrow();
    assertThat(binding.path("subjects").path(0).path("namespace").asText()).isEqualTo("apiserver-operator-system");
  }

  @Test
  void operatorPodIsNonRootWithAReadOnlyRootFilesystemAndLeaderElection() throws Exception {
    JsonNode deployment = kustomize("config/default").stream()
        .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").path(0);

    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.path("securityContext").path("capabilities").path("drop")).extracting(JsonNode::asText)
        .containsExactly("ALL");
    assertThat(container.path("resources").path("requests").has("cpu")).isTrue();
    assertThat(container.path("resources").path("requests").has("memory")).isTrue();
    assertThat(container.path("env")).anySatisfy(e -> {
      assertThat(e.path("name").asText()).isEqualTo("LEADER_ELECTION");
      assertThat(e.path("value").asText()).isEqualTo("true");
    });
    assertThat(container.path("env")).anyMatch(e -> e.path("name").asText().equals("RELATED_IMAGE_APISERVER"));
  }

  @Test
  void samplesAndManifestsBuild() throws Exception {
    assertThat(kustomize("config/samples")).extracting(o -> o.path("kind").asText()).containsOnly("ApiServer").hasSize(2);
    assertThat(kustomize("config/manifests")).anyMatch(o -> o.path("kind").asText().equals("ClusterServiceVersion"));
  }

  @Test
  void everyDirectoryOfConfigWithAKustomizationBuilds() throws Exception {
    try (var directories = Files.list(CommittedBundleTest.PROJECT.config())) {
      for (Path directory : directories.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).toList()) {
        assertThat(kustomize("config/" + directory.getFileName())).as("config/%s", directory.getFileName()).isNotEmpty();
      }
    }
  }
}
