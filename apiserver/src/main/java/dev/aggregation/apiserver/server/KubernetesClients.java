package dev.aggregation.apiserver.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Clients of the cluster's kube-apiserver, made as k8s.io/apiserver's delegating options make theirs: from the
 * kubeconfig a flag names, else from the pod's service account (in-cluster config). Every call blocks: use them
 * from worker threads only. Requests time out after 10 s and are retried three times from 500 ms on, close to
 * Kubernetes' webhook backoff (500 ms × 1.5, five steps).
 */
public final class KubernetesClients {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int RETRIES = 3;
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final Map<String, String> environment;
  private final Path serviceAccountDir;

  KubernetesClients(Map<String, String> environment, Path serviceAccountDir) {
    this.environment = Map.copyOf(environment);
    this.serviceAccountDir = serviceAccountDir;
  }

  /** Reads the in-cluster settings from the process environment and the mounted service account. */
  public static KubernetesClients fromEnvironment() {
    return new KubernetesClients(System.getenv(), SERVICE_ACCOUNT);
  }

  /**
   * @param kubeconfig the flag's file; empty means the in-cluster config
   * @param purpose names the client in errors, as Kubernetes does ("delegated authentication")
   * @throws IllegalStateException when the kubeconfig cannot be read or the process runs outside a cluster
   */
  public KubernetesClient create(Optional<Path> kubeconfig, String purpose) {
    Config config;
    try {
      config = kubeconfig.isPresent() ? fromKubeconfig(kubeconfig.get()) : inCluster();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("failed to get " + purpose + " kubeconfig: " + e.getMessage(), e);
    }
    config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
    config.setConnectionTimeout((int) REQUEST_TIMEOUT.toMillis());
    config.setRequestRetryBackoffLimit(RETRIES);
    config.setRequestRetryBackoffInterval((int) FIRST_RETRY.toMillis());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static Config fromKubeconfig(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("stat " + file + ": no such file or directory");
    }
    return Config.fromKubeconfig(file.toFile());
  }

  /** client-go's rest.InClusterConfig: the service's host and port, the service account's CA and token. */
  private Config inCluster() throws IOException {
    String host = environment.get("KUBERNETES_SERVICE_HOST");
    String port = environment.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
      throw new IOException(
          "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
    }
    Path token = serviceAccountDir.resolve("token");
    Path ca = serviceAccountDir.resolve("ca.crt");
    if (!Files.isReadable(token)) {
      throw new IOException("open " + token + ": no such file or directory");
    }
    String hostPort = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("https://" + hostPort)
        .withCaCertFile(ca.toString())
        // Bound service account tokens are rotated in place; client-go re-reads the file every minute, reading a
        // small file for each request is simpler than tracking its age and never uses an expired token.
        .withOauthTokenProvider(() -> readToken(token))
        .build();
  }

  private static String readToken(Path token) {
    try {
      return Files.readString(token, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service account token " + token, e);
    }
  }
}
