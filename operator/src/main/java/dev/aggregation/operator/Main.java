package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificateAuthority;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.runtime.GracefulShutdown;
import dev.aggregation.operator.runtime.HealthChecks;
import dev.aggregation.operator.runtime.OperatorHttpServer;
import dev.aggregation.operator.runtime.OperatorMetrics;
import dev.aggregation.operator.runtime.RuntimeSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar operator.jar}: reconciles ApiServers with the current kubeconfig (or the pod's service
 * account), in every namespace unless WATCH_NAMESPACES lists some; with LEADER_ELECTION=true only while it holds
 * the Lease. Serves /healthz, /readyz and /metrics on HTTP_PORT (8080) and stops gracefully on SIGTERM.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    OperatorSettings settings;
    RuntimeSettings runtime;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
      runtime = RuntimeSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("apiserver-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator = OperatorFactory.create(client, settings, Clock.systemUTC(),
        new CertificatePlanner(new CertificateAuthority(new SecureRandom())), metrics.josdk(),
        runtime.leaderElection().map(RuntimeSettings.LeaderElection::toConfiguration));
    OperatorHttpServer http =
        OperatorHttpServer.start(runtime.httpPort(), new HealthChecks(operator::getRuntimeInfo), metrics);
    Runtime.getRuntime().addShutdownHook(new Thread(new GracefulShutdown(operator, http, metrics, client),
        "apiserver-operator-shutdown"));
    operator.start();
    LOG.info("apiserver-operator started: namespaces {}, default apiserver image {}, leader election {}, "
            + "probes and metrics on :{}", settings.watchNamespaces(), settings.defaultImage(),
        runtime.leaderElection().map(l -> "on Lease " + l.leaseName()).orElse("off"), http.port());
  }
}
