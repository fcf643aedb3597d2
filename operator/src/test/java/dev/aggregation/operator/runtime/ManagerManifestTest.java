package dev.aggregation.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** config/manager/manager.yaml speaks the operator's language: its probes, port and environment. */
class ManagerManifestTest {
  Container operator() throws Exception {
    Deployment deployment = Serialization.unmarshal(Files.readString(Path.of(System.getProperty("operator.manager"))),
        Deployment.class);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void probesAskTheOperatorsHealthEndpointsOnItsPort() throws Exception {
    Container container = operator();

    assertThat(container.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getContainerPort()).isEqualTo(RuntimeSettings.DEFAULT_HTTP_PORT);
      assertThat(port.getName()).isEqualTo(container.getLivenessProbe().getHttpGet().getPort().getStrVal());
    });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo(OperatorHttpServer.LIVENESS);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(OperatorHttpServer.READINESS);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo(OperatorHttpServer.READINESS);
  }

  @Test
  void environmentIsWhatTheOperatorReads() throws Exception {
    Map<String, EnvVar> env = operator().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    Map<String, String> values = env.values().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env).containsKeys(OperatorSettings.IMAGE_VARIABLE, RuntimeSettings.POD_NAME,
        RuntimeSettings.POD_NAMESPACE);
    RuntimeSettings settings = RuntimeSettings.fromEnvironment(Map.of(
        RuntimeSettings.LEADER_ELECTION, values.get(RuntimeSettings.LEADER_ELECTION),
        RuntimeSettings.LOG_FORMAT, values.get(RuntimeSettings.LOG_FORMAT)));
    assertThat(settings.leaderElection()).isPresent();
    assertThat(settings.logFormat()).isEqualTo("json");
    assertThat(env.get(RuntimeSettings.POD_NAMESPACE).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }
}
