package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The etcd sample of config/samples (two replicas, etcd over TLS with the Secret etcd-client-tls) on this
 * machine's etcd: the aggregator spreads requests over both pods, which share one store.
 */
class EtcdReplicasEndToEndTest {
  private static final String GROUP = "wardle.example.com";
  private static final String NAMESPACE = "wardle-ha-system";

  @TempDir static Path dir;
  static TlsEtcd etcd;
  static LocalCluster cluster;
  static Kubectl alice;

  @BeforeAll
  static void start() throws Exception {
    Kubectl.assumeInstalled();
    TlsEtcd.assumeInstalled();
    etcd = TlsEtcd.start(dir.resolve("etcd"));
    cluster = LocalCluster.start(dir);
    cluster.kube.rules().grant("alice", Set.of("*"), GROUP, Set.of("*"));
    ApiServer sample = LocalCluster.sample("aggregation.dev_v1alpha1_apiserver_etcd.yaml");
    cluster.kube.createNamespace(NAMESPACE);
    IssuedCertificate client = etcd.issueClient("wardle-apiserver");
    cluster.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName(sample.getSpec().storage().etcd().tlsSecretName()).endMetadata()
        .withType("kubernetes.io/tls")
        .withData(Map.of(
            "ca.crt", base64(etcd.caPem()),
            "tls.crt", base64(client.certificatePem()),
            "tls.key", base64(client.privateKeyPem())))
        .build()).create();
    sample.setSpec(Specs.withAudit(
        Specs.withEtcdEndpoints(sample.getSpec(), List.of(etcd.endpoint())), Specs.METADATA_AUDIT_POLICY));
    cluster.apply(NAMESPACE, sample);
    cluster.awaitAvailable(GROUP, "v1alpha1");
    alice = cluster.kubectl("alice", "alice-token");
  }

  @AfterAll
  static void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  @Test
  void theOperatorDeploysTheSampleAsTwoReadyReplicas() {
    assertThat(cluster.node.pods(NAMESPACE, "wardle-ha")).hasSize(2).allMatch(Pod::isAlive);
    assertThat(cluster.client().endpoints().inNamespace(NAMESPACE).withName("wardle-ha").get().getSubsets())
        .hasSize(2);
  }

  @Test
  void kubectlCreatesListsGetsWatchesAndDeletesFlundersThroughTwoReplicas() {
    FlunderJourney.run(alice, "v1alpha1", "replicated");
  }

  @Test
  void bothReplicasServeTheFlunderTheOtherStored() {
    Path manifest = alice.manifest("shared.yaml", """
        apiVersion: wardle.example.com/v1alpha1
        kind: Flunder
        metadata:
          name: shared
        spec: {}
        """);
    alice.succeed("create", "-f", manifest.toString());

    // Each get goes to the next endpoint; until both pods have answered one, ask again.
    List<Pod> pods = cluster.node.pods(NAMESPACE, "wardle-ha");
    await("both replicas answered a get of the flunder").atMost(Duration.ofSeconds(60)).until(() -> {
      assertThat(alice.succeed("get", "flunder", "shared", "-o", "name"))
          .isEqualTo("flunder.wardle.example.com/shared\n");
      return pods.stream().allMatch(pod -> answeredGetOfShared(pod.output()));
    });
  }

  private static boolean answeredGetOfShared(String podOutput) {
    return podOutput.lines().anyMatch(line -> line.contains("\"audit.k8s.io/v1\"")
        && line.contains("\"verb\":\"get\"") && line.contains("/flunders/shared")
        && line.contains("\"username\":\"alice\"") && line.contains("\"code\":200"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
