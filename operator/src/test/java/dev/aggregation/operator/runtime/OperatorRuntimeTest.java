package dev.aggregation.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.operator.OperatorFactory;
import dev.aggregation.operator.OperatorSettings;
import dev.aggregation.operator.certificates.CertificateAuthority;
import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.EtcdStorage;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.customresource.StorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The operator process as Main assembles it, against the mock kube-apiserver: probes reflect JOSDK's runtime
 * info, /metrics has JOSDK's reconcile counts and durations, and the shutdown hook stops everything.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeTest {
  static KubernetesClient client;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesFollowTheOperatorAndMetricsCountReconciliations() throws Exception {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of(System.getProperty("generated.crd")).toFile()).create();
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator = OperatorFactory.create(client,
        new OperatorSettings("registry.test/apiserver:1.0", Constants.WATCH_ALL_NAMESPACE_SET), Clock.systemUTC(),
        new CertificatePlanner(new CertificateAuthority(new SecureRandom())), metrics.josdk(), Optional.empty());
    OperatorHttpServer server = OperatorHttpServer.start(0, new HealthChecks(operator::getRuntimeInfo), metrics);
    int port = server.port();

    assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
    assertThat(get(port, "/readyz").body()).isEqualTo("operator not started\n");
    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);

    operator.start();
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

    ApiServer apiServer = new ApiServer();
    apiServer.setMetadata(new ObjectMetaBuilder().withNamespace("metrics").withName("wardle").build());
    apiServer.setSpec(new ApiServerSpec("metrics.example.com", List.of(new ServedVersion("v1", null)), null, null, 1,
        null, new StorageSpec(null, new EtcdStorage(List.of("https://etcd:2379"), null, null)), null, null, null,
        null, null, null, null));
    client.resource(apiServer).create();

    String scraped = Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
        .until(() -> get(port, "/metrics").body(), body -> body.contains("operator_sdk_reconciliations_success_total")
            && body.contains("apiserver_operator_reconcile_seconds_count"));
    assertThat(scraped)
        .contains("operator_sdk_reconciliations_started_total")
        .containsPattern("apiserver_operator_reconcile_seconds_count\\{controller=\"apiserver-operator\","
            + "operation=\"reconcile\",outcome=\"success\"} [1-9]")
        .contains("apiserver_operator_reconcile_seconds_bucket")
        .contains("jvm_memory_used_bytes");
    assertThat(get(port, "/metrics").headers().firstValue("Content-Type")).hasValue(OperatorHttpServer.PROMETHEUS_TEXT);
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(405);
    assertThat(get(port, "/readyz/anything").statusCode()).isEqualTo(404);

    KubernetesClient ownClient = client; // the hook closes the client it is given; the mock's stays usable
    new GracefulShutdown(operator, server, metrics, new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(ownClient.getConfiguration()).build()).run();

    assertThat(operator.getRuntimeInfo().isStarted()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(port, "/healthz")).isInstanceOf(ConnectException.class);
  }
}
