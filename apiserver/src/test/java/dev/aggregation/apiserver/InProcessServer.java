package dev.aggregation.apiserver;

import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.server.ApiServer;
import dev.aggregation.apiserver.server.CommandLineResult;
import dev.aggregation.apiserver.server.ServerConfig;
import dev.aggregation.apiserver.server.ServerOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The wardle apiserver in this JVM, standalone, on an ephemeral loopback port, configured through the same flags
 * as {@code apiserver.jar}. Its certificates and store live in directories that outlive a {@link #restart()}.
 */
final class InProcessServer implements AutoCloseable {
  private final ServerConfig config;
  private ApiServer server;

  private InProcessServer(ServerConfig config) {
    this.config = config;
  }

  /** Starts a server keeping its certificates and data under {@code root}. */
  static InProcessServer start(Path root) throws Exception {
    Path dataDir = Files.createDirectories(root.resolve("data"));
    return start(root, "--data-dir=" + dataDir);
  }

  /** Starts a server keeping its certificates under {@code root} and its objects in the etcd at {@code endpoint}. */
  static InProcessServer startOnEtcd(Path root, URI endpoint) throws Exception {
    return start(root, "--etcd-servers=" + endpoint);
  }

  private static InProcessServer start(Path root, String storageFlag) throws Exception {
    Path certDir = Files.createDirectories(root.resolve("certificates"));
    CommandLineResult parsed =
        ServerOptions.parse(
            "--standalone",
            "--bind-address=127.0.0.1",
            // the flags refuse port 0 like Kubernetes does; the port is replaced below
            "--secure-port=8443",
            "--cert-dir=" + certDir,
            storageFlag);
    ServerConfig flags = ((CommandLineResult.Run) parsed).config();
    InProcessServer server = new InProcessServer(onEphemeralPort(flags));
    server.server = server.startApiServer();
    return server;
  }

  private static ServerConfig onEphemeralPort(ServerConfig config) {
    ServerConfig.Serving s = config.serving();
    ServerConfig.Serving ephemeral =
        new ServerConfig.Serving(
            s.bindAddress(), 0, s.certDir(), s.tlsCertFile(), s.tlsPrivateKeyFile(), s.tlsMinVersion(), s.tlsCipherSuites());
    return new ServerConfig(
        config.standalone(),
        ephemeral,
        config.storage(),
        config.authentication(),
        config.authorization(),
        config.limits(),
        config.admission(),
        config.audit(),
        config.kubeconfig());
  }

  private ApiServer startApiServer() throws Exception {
    return ApiServer.builder(config).group(WardleApi.group()).admissionPlugins(WardleApi::admissionPlugins).start();
  }

  /** The kubeconfig the server wrote for its admin client, naming the port it listens on now. */
  Path adminKubeconfig() {
    return config.serving().certDir().resolve("admin.kubeconfig");
  }

  /** Stops the server and starts a new one on the same certificate and data directories. */
  void restart() throws Exception {
    server.close();
    server = null;
    server = startApiServer();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
