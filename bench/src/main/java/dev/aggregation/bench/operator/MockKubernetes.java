package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's kubernetes-server-mock in CRUD mode over HTTPS, in the bench's JVM, playing kube-apiserver for the
 * operator as the operator's tests and the e2e harness do: storage, watches and status subresources, no
 * controllers. The ApiServer CRD is created in it, so it serves the custom resource too.
 */
public final class MockKubernetes implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  /** Held so that its level stays: JUL keeps loggers only weakly. */
  private final Logger requestLog;

  private MockKubernetes(KubernetesMockServer server, KubernetesClient client, Logger requestLog) {
    this.server = server;
    this.client = client;
    this.requestLog = requestLog;
  }

  public static MockKubernetes start(Path crd) {
    // The mock logs every request at INFO: thousands of lines, written on the bench's share of the CPU.
    Logger requestLog = Logger.getLogger(MockWebServer.class.getName());
    requestLog.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(
        new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), true);
    server.init();
    // A long request timeout: fabric8 retries a timed-out request, and a retried create fails as AlreadyExists.
    KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig()
        .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis()).endConfig());
    try {
      client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      return new MockKubernetes(server, client, requestLog);
    } catch (RuntimeException e) {
      client.close();
      server.destroy();
      throw e;
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Every request the mock received so far, from any client. */
  public int requestCount() {
    return server.getRequestCount();
  }

  /**
   * The requests received since the last call, counted by verb and resource ({@code PUT deployments/status},
   * {@code WATCH secrets}), most frequent first.
   */
  public Map<String, Integer> drainRequests() throws InterruptedException {
    Map<String, Integer> counts = new HashMap<>();
    RecordedRequest request;
    while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      counts.merge(describe(request.getMethod(), request.getPath()), 1, Integer::sum);
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** {@code GET /apis/apps/v1/namespaces/a/deployments/b/status?x} is {@code GET deployments/status}. */
  static String describe(String method, String path) {
    int query = path.indexOf('?');
    String verb = query >= 0 && path.substring(query).contains("watch=true") ? "WATCH" : method;
    List<String> segments = List.of((query >= 0 ? path.substring(0, query) : path).replaceFirst("^/", "").split("/"));
    int resource = segments.get(0).equals("api") ? 2 : 3; // api/v1/<resource> or apis/<group>/<version>/<resource>
    if (segments.size() > resource + 1 && segments.get(resource).equals("namespaces")) {
      resource += 2;
    }
    if (segments.size() <= resource) {
      return verb + " " + String.join("/", segments);
    }
    String subresource = segments.size() > resource + 2 ? "/" + segments.get(resource + 2) : "";
    return verb + " " + segments.get(resource) + subresource;
  }

  /**
   * A kubeconfig for a process outside this JVM. The mock serves a self-signed certificate it does not hand
   * out, so TLS is spoken but the server is not verified; the token is sent and ignored, as the mock checks none.
   */
  public Path writeKubeconfig(Path file) throws IOException {
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: https://%s:%d
            insecure-skip-tls-verify: true
        contexts:
        - name: mock
          context:
            cluster: mock
            user: operator
        current-context: mock
        users:
        - name: operator
          user:
            token: operator-token
        """.formatted(server.getHostName(), server.getPort());
    return Files.writeString(file, kubeconfig);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.destroy();
    }
  }
}
