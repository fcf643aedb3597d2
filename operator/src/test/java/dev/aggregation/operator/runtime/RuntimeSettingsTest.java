package dev.aggregation.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
  @Test
  void leaderElectionIsOffUnlessAskedFor() {
    RuntimeSettings settings = RuntimeSettings.fromEnvironment(Map.of());

    assertThat(settings.leaderElection()).isEmpty();
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.logFormat()).isEqualTo("text");
  }

  @Test
  void leaderElectionHoldsALeaseInThePodsNamespaceNamedAfterThePod() {
    RuntimeSettings settings = RuntimeSettings.fromEnvironment(Map.of(
        "LEADER_ELECTION", "true", "POD_NAME", "apiserver-operator-7d9f-abcde", "POD_NAMESPACE", "operators"));

    LeaderElectionConfiguration configuration = settings.leaderElection().orElseThrow().toConfiguration();
    assertThat(configuration.getLeaseName()).isEqualTo("apiserver-operator-lock");
    assertThat(configuration.getLeaseNamespace()).hasValue("operators");
    assertThat(configuration.getIdentity()).hasValue("apiserver-operator-7d9f-abcde");
  }

  @Test
  void anExplicitLeaseNamespaceAndNameWin() {
    RuntimeSettings settings = RuntimeSettings.fromEnvironment(Map.of("LEADER_ELECTION", "true",
        "LEADER_ELECTION_NAMESPACE", "leases", "LEADER_ELECTION_LEASE_NAME", "mine", "POD_NAMESPACE", "operators"));

    LeaderElectionConfiguration configuration = settings.leaderElection().orElseThrow().toConfiguration();
    assertThat(configuration.getLeaseName()).isEqualTo("mine");
    assertThat(configuration.getLeaseNamespace()).hasValue("leases");
  }

  @Test
  void refusesValuesItCannotMeanSomethingBy() {
    assertThatThrownBy(() -> RuntimeSettings.fromEnvironment(Map.of("LEADER_ELECTION", "yes")))
        .hasMessage("LEADER_ELECTION must be true or false, not \"yes\"");
    assertThatThrownBy(() -> RuntimeSettings.fromEnvironment(Map.of("HTTP_PORT", "http")))
        .hasMessage("HTTP_PORT must be a port number, not \"http\"");
    assertThatThrownBy(() -> RuntimeSettings.fromEnvironment(Map.of("LOG_FORMAT", "JSON")))
        .hasMessage("LOG_FORMAT must be text or json, not \"JSON\"");
  }
}
