package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A front-proxy CA rotated in extension-apiserver-authentication applies without a restart. */
class AuthenticationConfigMapRotationTest {
  private static final String FLUNDERS = "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders";

  @TempDir Path dir;

  @Test
  void rotatedFrontProxyCaRefusesTheOldProxyAndTrustsTheNewOne() throws Exception {
    try (DelegatedCluster cluster = DelegatedCluster.start(dir, spec -> FakeKubeApiserver.allowed(""))) {
      TlsClient oldProxy = cluster.frontProxy();
      assertThat(oldProxy.get(FLUNDERS, "X-Remote-User", "alice").statusCode()).isEqualTo(200);

      CertificateAuthority rotated = CertificateAuthority.create("front-proxy-ca-2", Duration.ofHours(1), Clock.systemUTC());
      cluster.kube.putAuthenticationConfigMap(
          DelegatedCluster.configMapData(cluster.clientCa.certificate(), rotated.certificate()));
      TlsClient newProxy =
          cluster.client(rotated.issueClient(DelegatedCluster.PROXY_NAME, List.of(), Duration.ofHours(1)));

      // the watch delivers the update asynchronously
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> newProxy.get(FLUNDERS, "X-Remote-User", "alice").statusCode() == 200);
      assertThat(oldProxy.get(FLUNDERS, "X-Remote-User", "alice").statusCode()).isEqualTo(401);
    }
  }
}
