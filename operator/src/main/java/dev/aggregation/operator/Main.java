package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificateAuthority;
import dev.aggregation.operator.certificates.CertificatePlanner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar operator.jar}: reconciles ApiServers with the current kubeconfig (or the pod's service
 * account), in every namespace unless WATCH_NAMESPACES lists some.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = OperatorFactory.create(client, settings, Clock.systemUTC(),
        new CertificatePlanner(new CertificateAuthority(new SecureRandom())));
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
    LOG.info("apiserver-operator started: namespaces {}, default apiserver image {}", settings.watchNamespaces(),
        settings.defaultImage());
  }
}
