package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.authn.ClusterAuthenticationInfo;
import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.DevCertificateFiles;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A delegated apiserver (no --standalone) started in-process over TLS against a {@link FakeKubeApiserver} that
 * publishes a client CA and a front-proxy CA in extension-apiserver-authentication, as kube-apiserver does.
 */
final class DelegatedCluster implements AutoCloseable {
  static final String PROXY_NAME = "front-proxy-client";
  private static final Duration VALIDITY = Duration.ofHours(2);

  final FakeKubeApiserver kube;
  final CertificateAuthority clientCa;
  final CertificateAuthority frontProxyCa;
  final ApiServer server;
  private final X509Certificate servingCa;

  private DelegatedCluster(
      FakeKubeApiserver kube, CertificateAuthority clientCa, CertificateAuthority frontProxyCa, ApiServer server, X509Certificate servingCa) {
    this.kube = kube;
    this.clientCa = clientCa;
    this.frontProxyCa = frontProxyCa;
    this.server = server;
    this.servingCa = servingCa;
  }

  static DelegatedCluster start(Path dir, Function<JsonNode, FakeKubeApiserver.Reply> accessPolicy, String... extraFlags)
      throws Exception {
    FakeKubeApiserver kube = FakeKubeApiserver.start(accessPolicy);
    try {
      CertificateAuthority clientCa = CertificateAuthority.create("client-ca", VALIDITY, Clock.systemUTC());
      CertificateAuthority frontProxyCa = CertificateAuthority.create("front-proxy-ca", VALIDITY, Clock.systemUTC());
      kube.putAuthenticationConfigMap(configMapData(clientCa.certificate(), frontProxyCa.certificate()));
      Path kubeconfig = kube.writeKubeconfig(dir);
      List<String> flags =
          new java.util.ArrayList<>(
              List.of(
                  "--secure-port=443",
                  "--bind-address=127.0.0.1",
                  "--cert-dir=" + dir.resolve("certs"),
                  "--data-dir=" + dir.resolve("data"),
                  "--authentication-kubeconfig=" + kubeconfig,
                  "--authorization-kubeconfig=" + kubeconfig,
                  "--kubeconfig=" + kubeconfig));
      flags.addAll(List.of(extraFlags));
      ServerConfig parsed = ((CommandLineResult.Run) ServerOptions.parse(flags.toArray(String[]::new))).config();
      ServerConfig config = withEphemeralPort(parsed);
      ApiServer server =
          ApiServer.builder(config).group(WardleApi.group()).admissionPlugins(WardleApi::admissionPlugins).start();
      X509Certificate servingCa =
          Pem.readCertificates(new DevCertificateFiles(dir.resolve("certs")).caCertificate()).get(0);
      return new DelegatedCluster(kube, clientCa, frontProxyCa, server, servingCa);
    } catch (Exception | Error e) {
      kube.close();
      throw e;
    }
  }

  /** The flags refuse port 0, as Kubernetes' do; tests listen on a port the OS picks. */
  private static ServerConfig withEphemeralPort(ServerConfig config) {
    ServerConfig.Serving serving = config.serving();
    return new ServerConfig(
        config.standalone(),
        new ServerConfig.Serving(
            serving.bindAddress(), 0, serving.certDir(), serving.tlsCertFile(), serving.tlsPrivateKeyFile(),
            serving.tlsMinVersion(), serving.tlsCipherSuites()),
        config.storage(),
        config.authentication(),
        config.authorization(),
        config.limits(),
        config.admission(),
        config.audit(),
        config.kubeconfig());
  }

  /** What kube-apiserver writes: both CAs and the standard front-proxy headers, lists as JSON in strings. */
  static Map<String, String> configMapData(X509Certificate clientCa, X509Certificate frontProxyCa) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ClusterAuthenticationInfo.CLIENT_CA, Pem.encodeCertificate(clientCa));
    data.put(ClusterAuthenticationInfo.REQUESTHEADER_CA, Pem.encodeCertificate(frontProxyCa));
    data.put(ClusterAuthenticationInfo.ALLOWED_NAMES, "[\"" + PROXY_NAME + "\"]");
    data.put(ClusterAuthenticationInfo.USERNAME_HEADERS, "[\"X-Remote-User\"]");
    data.put(ClusterAuthenticationInfo.UID_HEADERS, "[\"X-Remote-Uid\"]");
    data.put(ClusterAuthenticationInfo.GROUP_HEADERS, "[\"X-Remote-Group\"]");
    data.put(ClusterAuthenticationInfo.EXTRA_HEADERS_PREFIX, "[\"X-Remote-Extra-\"]");
    return data;
  }

  X509Certificate servingCa() {
    return servingCa;
  }

  /** A client presenting {@code certificate} (null: none). */
  TlsClient client(IssuedCertificate certificate) throws Exception {
    return TlsClient.to(server.port(), servingCa, certificate);
  }

  /** kube-apiserver's proxy: its front-proxy client certificate. */
  TlsClient frontProxy() throws Exception {
    return client(frontProxyCa.issueClient(PROXY_NAME, List.of(), VALIDITY));
  }

  @Override
  public void close() {
    server.close();
    kube.close();
  }
}
