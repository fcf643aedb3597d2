package dev.aggregation.e2e;

import static org.awaitility.Awaitility.await;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.operator.OperatorFactory;
import dev.aggregation.operator.OperatorSettings;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The whole picture on one machine: {@link MockCluster} as kube-apiserver's storage and reviews, the operator as
 * production builds it, {@link LocalNode} running what the operator deploys, {@link Aggregator} in front, and
 * the CAs kube-apiserver would have (its client CA, which also signs the aggregator's serving certificate here,
 * and the front-proxy CA).
 */
final class LocalCluster implements AutoCloseable {
  static final Path SAMPLES = Path.of(System.getProperty("e2e.samples", "../config/samples"));
  private static final Path CRD =
      Path.of(System.getProperty("e2e.crd", "../config/crd/bases/apiservers.aggregation.dev-v1.yml"));
  private static final Duration CA_VALIDITY = Duration.ofHours(4);
  static final Duration STARTUP = Duration.ofSeconds(120);

  final MockCluster kube;
  private final Operator operator;
  final LocalNode node;
  final Aggregator aggregator;
  private final X509Certificate aggregatorCa;
  private final Path dir;

  private LocalCluster(MockCluster kube, Operator operator, LocalNode node, Aggregator aggregator,
      X509Certificate aggregatorCa, Path dir) {
    this.kube = kube;
    this.operator = operator;
    this.node = node;
    this.aggregator = aggregator;
    this.aggregatorCa = aggregatorCa;
    this.dir = dir;
  }

  static LocalCluster start(Path dir) throws Exception {
    MockCluster kube = new MockCluster();
    Operator operator = null;
    LocalNode node = null;
    try {
      kube.client().apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).create();
      CertificateAuthority clientCa = CertificateAuthority.create("kubernetes", CA_VALIDITY, Clock.systemUTC());
      CertificateAuthority frontProxyCa = CertificateAuthority.create("front-proxy-ca", CA_VALIDITY, Clock.systemUTC());
      kube.publishAuthentication(clientCa.certificate(), frontProxyCa.certificate(), Aggregator.PROXY_CLIENT_NAME);

      operator = OperatorFactory.create(
          kube.client(),
          new OperatorSettings("registry.test/apiserver:e2e", Constants.WATCH_ALL_NAMESPACE_SET),
          Clock.systemUTC(),
          new CertificatePlanner(new dev.aggregation.operator.certificates.CertificateAuthority(new SecureRandom())));
      operator.start();
      node = new LocalNode(kube, Files.createDirectories(dir.resolve("node")));
      Aggregator aggregator = Aggregator.start(
          kube,
          clientCa.issueServing("kube-apiserver", List.of("localhost"), List.of(InetAddress.getLoopbackAddress()),
              CA_VALIDITY),
          frontProxyCa.issueClient(Aggregator.PROXY_CLIENT_NAME, List.of(), CA_VALIDITY));
      return new LocalCluster(kube, operator, node, aggregator, clientCa.certificate(), dir);
    } catch (Exception | Error e) {
      if (node != null) {
        node.close();
      }
      if (operator != null) {
        operator.stop();
      }
      kube.close();
      throw e;
    }
  }

  /** The CA kubectl and other clients of the aggregator trust. */
  X509Certificate aggregatorCa() {
    return aggregatorCa;
  }

  KubernetesClient client() {
    return kube.client();
  }

  /** A sample from config/samples as the object a user would apply. */
  static ApiServer sample(String fileName) throws IOException {
    return Serialization.unmarshal(Files.readString(SAMPLES.resolve(fileName)), ApiServer.class);
  }

  ApiServer apply(String namespace, ApiServer apiServer) {
    if (client().namespaces().withName(namespace).get() == null) {
      kube.createNamespace(namespace);
    }
    apiServer.getMetadata().setNamespace(namespace);
    return client().resource(apiServer).create();
  }

  /** Waits until the aggregator serves {@code group/version}: the APIService is Available. */
  void awaitAvailable(String group, String version) {
    String name = version + "." + group;
    try {
      await("APIService " + name + " Available").atMost(STARTUP).pollInterval(Duration.ofMillis(300))
          .until(() -> {
            APIService apiService = client().resources(APIService.class).withName(name).get();
            return apiService != null && apiService.getStatus() != null
                && apiService.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + node.diagnostics(), e);
    }
  }

  Kubectl kubectl(String user, String token) {
    return kubectl(Identity.of(user, "system:authenticated"), token);
  }

  /** kubectl with a bearer token that kube-apiserver's authenticator knows as {@code identity}. */
  Kubectl kubectl(Identity identity, String token) {
    kube.addToken(token, identity);
    return Kubectl.asUser(dir.resolve("kubectl-" + identity.name()), aggregator.port(), aggregatorCa,
        identity.name(), token);
  }

  @Override
  public void close() {
    try {
      aggregator.close();
    } finally {
      try {
        node.close();
      } finally {
        try {
          operator.stop();
        } finally {
          kube.close();
        }
      }
    }
  }
}
