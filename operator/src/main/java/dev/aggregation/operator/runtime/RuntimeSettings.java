package dev.aggregation.operator.runtime;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator process runs besides what it reconciles, from its environment (the Deployment in
 * config/manager sets these).
 *
 * @param leaderElection the Lease to hold before reconciling; empty when LEADER_ELECTION is not true
 * @param httpPort the port of /healthz, /readyz and /metrics (0: any free port)
 * @param logFormat text or json; read by logback.xml itself, checked here so that a typo fails at startup
 */
public record RuntimeSettings(Optional<LeaderElection> leaderElection, int httpPort, String logFormat) {
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String LEASE_NAME = "LEADER_ELECTION_LEASE_NAME";
  public static final String LEASE_NAMESPACE = "LEADER_ELECTION_NAMESPACE";
  public static final String POD_NAME = "POD_NAME";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";
  public static final String HTTP_PORT = "HTTP_PORT";
  public static final String LOG_FORMAT = "LOG_FORMAT";
  public static final String DEFAULT_LEASE_NAME = "apiserver-operator-lock";
  public static final int DEFAULT_HTTP_PORT = 8080;
  static final Set<String> LOG_FORMATS = Set.of("text", "json");

  /**
   * The Lease JOSDK holds. Namespace empty: the namespace of the client's context (in a pod, its own).
   * Identity empty: JOSDK makes one up; POD_NAME makes {@code kubectl get lease} name the leading pod.
   */
  public record LeaderElection(String leaseName, Optional<String> namespace, Optional<String> identity) {
    public LeaderElectionConfiguration toConfiguration() {
      LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName);
      namespace.ifPresent(builder::withLeaseNamespace);
      identity.ifPresent(builder::withIdentity);
      return builder.build();
    }
  }

  public static RuntimeSettings fromEnvironment(Map<String, String> environment) {
    String enabled = value(environment, LEADER_ELECTION).orElse("false");
    if (!enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException(LEADER_ELECTION + " must be true or false, not \"" + enabled + "\"");
    }
    Optional<LeaderElection> leaderElection = enabled.equals("true")
        ? Optional.of(new LeaderElection(
            value(environment, LEASE_NAME).orElse(DEFAULT_LEASE_NAME),
            value(environment, LEASE_NAMESPACE).or(() -> value(environment, POD_NAMESPACE)),
            value(environment, POD_NAME)))
        : Optional.empty();
    int port;
    String portText = value(environment, HTTP_PORT).orElse(String.valueOf(DEFAULT_HTTP_PORT));
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(HTTP_PORT + " must be a port number, not \"" + portText + "\"", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + " must be between 0 and 65535, not " + port);
    }
    String logFormat = value(environment, LOG_FORMAT).orElse("text");
    if (!LOG_FORMATS.contains(logFormat)) {
      throw new IllegalArgumentException(LOG_FORMAT + " must be text or json, not \"" + logFormat + "\"");
    }
    return new RuntimeSettings(leaderElection, port, logFormat);
  }

  private static Optional<String> value(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
