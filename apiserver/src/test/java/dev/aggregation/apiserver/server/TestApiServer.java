package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.endpoints.resource.WatchSettings;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.server.tls.DevCertificateFiles;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.server.tls.TlsVersion;
import dev.aggregation.apiserver.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole apiserver in-process for tests: standalone, embedded store, dev certificates and a token file in a
 * directory of the test's, an ephemeral port on 127.0.0.1, and HTTPS clients for the admin (client certificate
 * of system:masters), for a token's user and for nobody. Serves wardle.example.com with its admission plugins,
 * plus whatever groups a test adds.
 */
public final class TestApiServer implements AutoCloseable {
  /** A token of {@code jane}, who is in group {@code developers} only. */
  public static final String DEVELOPER_TOKEN = "developer-token-0123456789";

  private final ApiServer server;
  private final TestClient admin;
  private final TestClient anonymous;
  private final DevCertificateFiles certificates;

  private TestApiServer(ApiServer server, DevCertificateFiles certificates) throws Exception {
    this.server = server;
    this.certificates = certificates;
    String base = "https://127.0.0.1:" + server.port();
    IssuedCertificate adminCertificate =
        new IssuedCertificate(
            Pem.readCertificates(certificates.adminCertificate()).get(0), Pem.readPrivateKey(certificates.adminKey()));
    this.admin = TestClient.create(base, certificates.caCertificate(), adminCertificate, null);
    this.anonymous = TestClient.create(base, certificates.caCertificate(), null, null);
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** wardle.example.com with default settings but a bookmark every 200 ms. */
  public static TestApiServer start(Path directory) throws Exception {
    return builder(directory).start();
  }

  public ApiServer server() {
    return server;
  }

  public Storage storage() {
    return server.storage();
  }

  public int port() {
    return server.port();
  }

  public DevCertificateFiles certificates() {
    return certificates;
  }

  /** A client presenting the dev CA's admin certificate (CN admin, O system:masters). */
  public TestClient admin() {
    return admin;
  }

  /** A client with no credentials: system:anonymous. */
  public TestClient anonymous() {
    return anonymous;
  }

  /** A client sending {@code Authorization: Bearer <token>} and no client certificate. */
  public TestClient withToken(String token) throws Exception {
    return TestClient.create("https://127.0.0.1:" + server.port(), certificates.caCertificate(), null, token);
  }

  @Override
  public void close() {
    server.close();
  }

  /** What differs between test servers: extra groups, the watch settings, the token file. */
  public static final class Builder {
    private final Path directory;
    private final List<ApiGroup> extraGroups = new ArrayList<>();
    private WatchSettings watchSettings = new WatchSettings(Duration.ofMillis(200), 1800);
    private String tokenFile = DEVELOPER_TOKEN + ",jane,1001,developers\n";
    private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
    private ServerConfig.Limits limits = new ServerConfig.Limits(400, 200, Duration.ofMinutes(1), Duration.ofSeconds(1800));

    private Builder(Path directory) {
      this.directory = directory;
    }

    public Builder group(ApiGroup group) {
      extraGroups.add(group);
      return this;
    }

    public Builder watchSettings(WatchSettings settings) {
      this.watchSettings = settings;
      return this;
    }

    /** The {@code --token-auth-file} contents (CSV: token,user,uid,"groups"). */
    public Builder tokenFile(String csv) {
      this.tokenFile = csv;
      return this;
    }

    /** Header, stream and connection timeouts (Go's http.Server's by default). */
    public Builder connectionLimits(ConnectionLimits limits) {
      this.connectionLimits = limits;
      return this;
    }

    /** --max-requests-inflight, --max-mutating-requests-inflight, --request-timeout, --min-request-timeout. */
    public Builder limits(ServerConfig.Limits limits) {
      this.limits = limits;
      return this;
    }

    public TestApiServer start() throws Exception {
      Path certDir = directory.resolve("certificates");
      Path tokens = directory.resolve("tokens.csv");
      Files.writeString(tokens, tokenFile, StandardCharsets.UTF_8);
      ApiServer.Builder builder =
          ApiServer.builder(config(certDir, directory.resolve("data"), tokens, limits))
              .connectionLimits(connectionLimits)
              .group(WardleApi.group())
              .admissionPlugins(WardleApi::admissionPlugins)
              .watchSettings(watchSettings);
      extraGroups.forEach(builder::group);
      ApiServer server = builder.start();
      try {
        return new TestApiServer(server, new DevCertificateFiles(certDir));
      } catch (Exception | Error e) {
        server.close();
        throw e;
      }
    }

    /** What {@code --standalone --bind-address=127.0.0.1 --cert-dir --data-dir --token-auth-file} give, on port 0. */
    private static ServerConfig config(Path certDir, Path dataDir, Path tokenFile, ServerConfig.Limits limits) throws IOException {
      Files.createDirectories(dataDir);
      return new ServerConfig(
          true,
          new ServerConfig.Serving("127.0.0.1", 0, certDir, Optional.empty(), Optional.empty(), TlsVersion.TLS12, List.of()),
          new ServerConfig.Storage(
              Optional.of(dataDir), List.of(), "/registry/wardle.example.com", Optional.empty(), Optional.empty(), Optional.empty(),
              Duration.ofMinutes(5)),
          new ServerConfig.Authentication(
              Optional.empty(),
              Optional.of(tokenFile),
              Optional.empty(),
              false,
              false,
              Duration.ofSeconds(10),
              new ServerConfig.RequestHeader(
                  Optional.empty(), List.of(), List.of("x-remote-user"), List.of(), List.of("x-remote-group"), List.of("x-remote-extra-"))),
          new ServerConfig.Authorization(
              Optional.empty(), List.of("/healthz", "/readyz", "/livez"), Duration.ofSeconds(10), Duration.ofSeconds(10)),
          limits,
          new ServerConfig.Admission(List.of(), List.of()),
          new ServerConfig.Audit(Optional.empty(), Optional.empty()),
          Optional.empty());
    }
  }
}
