package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.authn.AnonymousFallbackAuthenticator;
import dev.aggregation.apiserver.authn.AuthenticationHandler;
import dev.aggregation.apiserver.authn.TokenFileAuthenticator;
import dev.aggregation.apiserver.authn.UnionAuthenticator;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.authn.X509Authenticator;
import dev.aggregation.apiserver.authz.AlwaysAllowGroupsAuthorizer;
import dev.aggregation.apiserver.authz.AlwaysAllowPathsAuthorizer;
import dev.aggregation.apiserver.authz.AuthorizationHandler;
import dev.aggregation.apiserver.authz.UnionAuthorizer;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone security stack over real TLS sockets: the secure port's TLS options, authentication,
 * authorization and the generated dev certificates, driven by the JDK client, openssl and kubectl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureServingTest {
  private static final String ALICE_TOKEN = "31ada4fd-adec-460c-809a-9e56ceb75269";

  private final Clock clock = Clock.systemUTC();
  private Vertx vertx;
  private HttpServer server;
  private CertificateReloader reloader;
  private DevCertificateFiles files;
  private CertificateAuthority ca;
  private int port;

  @BeforeAll
  void startServer(@TempDir Path certDir, @TempDir Path work) throws Exception {
    vertx = Vertx.vertx();
    // The port is not known before listening: generate with a placeholder, then rewrite the kubeconfig.
    files = DevCertificates.forLocalhost(clock).ensure(certDir, 1);
    ca =
        CertificateAuthority.of(
            new IssuedCertificate(
                Pem.readCertificates(files.caCertificate()).get(0), Pem.readPrivateKey(files.caKey())),
            clock);
    List<X509Certificate> clientCas = List.of(ca.certificate());
    Path tokenFile = work.resolve("tokens.csv");
    Files.writeString(tokenFile, ALICE_TOKEN + ",alice,1001,\"devs,qa\"\n");

    var authenticator =
        new AnonymousFallbackAuthenticator(
            new UnionAuthenticator(
                List.of(new X509Authenticator(() -> clientCas, clock), TokenFileAuthenticator.read(tokenFile))));
    var authorizer =
        new UnionAuthorizer(
            List.of(
                AlwaysAllowGroupsAuthorizer.systemMasters(),
                new AlwaysAllowPathsAuthorizer(List.of("/healthz", "/whoami"))));
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              RequestContext.setRequestInfo(
                  ctx, RequestInfo.nonResource(ctx.request().path(), ctx.request().method().name()));
              ctx.next();
            });
    router.route().blockingHandler(new AuthenticationHandler(authenticator).asHandler(), false);
    router.route().blockingHandler(new AuthorizationHandler(authorizer).asHandler(), false);
    router.get("/healthz").handler(ctx -> ctx.response().end("ok"));
    router.get("/secret").handler(ctx -> ctx.response().end("ok"));
    router
        .get("/whoami")
        .handler(
            ctx -> {
              UserInfo user = RequestContext.user(ctx).orElseThrow();
              ctx.json(
                  new JsonObject()
                      .put("name", user.name())
                      .put("uid", user.uid())
                      .put("groups", user.groups())
                      .put("extra", user.extra())
                      .put("authorizationHeaderSeen", ctx.request().headers().contains("Authorization")));
            });

    ServingCertificate serving = ServingCertificate.read(files.servingCertificate(), files.servingKey());
    TlsServerOptions tls = new TlsServerOptions(serving, TlsVersion.TLS12, List.of(), () -> clientCas);
    server =
        vertx
            .createHttpServer(tls.httpServerOptions("127.0.0.1", 0))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    port = server.actualPort();
    files = DevCertificates.forLocalhost(clock).ensure(certDir, port);
    reloader =
        new CertificateReloader(vertx, tls, files.servingCertificate(), files.servingKey(), serving)
            .start(Duration.ofMillis(100));
  }

  @AfterAll
  void stopServer() throws Exception {
    if (reloader != null) {
      reloader.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void adminCertificateAuthenticatesAsItsCommonNameAndOrganizations() throws Exception {
    HttpResponse<String> response = get("/whoami", adminCertificate(), null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode user = Json.mapper().readTree(response.body());
    assertThat(user.get("name").asText()).isEqualTo("admin");
    assertThat(user.get("groups")).extracting(JsonNode::asText).containsExactly("system:masters", "system:authenticated");
    assertThat(user.at("/extra/authentication.kubernetes.io~1credential-id/0").asText()).matches("X509SHA256=[0-9a-f]{64}");
  }

  @Test
  void systemMastersMayGetAnyPath() throws Exception {
    HttpResponse<String> response = get("/secret", adminCertificate(), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void certificateFromAnotherCaIsUnauthorized() throws Exception {
    CertificateAuthority otherCa = CertificateAuthority.create("other-ca", Duration.ofDays(1), clock);
    IssuedCertificate impostor = otherCa.issueClient("admin", List.of("system:masters"), Duration.ofDays(1));

    HttpResponse<String> response = get("/secret", impostor, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode status = Json.mapper().readTree(response.body());
    assertThat(status.get("kind").asText()).isEqualTo("Status");
    assertThat(status.get("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.get("message").asText()).isEqualTo("Unauthorized");
    assertThat(status.get("code").asInt()).isEqualTo(401);
  }

  @Test
  void requestWithoutCredentialsIsForbiddenAsAnonymous() throws Exception {
    HttpResponse<String> response = get("/secret", null, null);

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode status = Json.mapper().readTree(response.body());
    assertThat(status.get("reason").asText()).isEqualTo("Forbidden");
    assertThat(status.get("message").asText()).isEqualTo("forbidden: User \"system:anonymous\" cannot get path \"/secret\"");
  }

  @Test
  void anonymousMayGetAnAlwaysAllowedPath() throws Exception {
    HttpResponse<String> response = get("/healthz", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void bearerTokenFromTheTokenFileAuthenticatesItsUserAndIsRemovedFromTheRequest() throws Exception {
    HttpResponse<String> response = get("/whoami", null, "bearer " + ALICE_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode user = Json.mapper().readTree(response.body());
    assertThat(user.get("name").asText()).isEqualTo("alice");
    assertThat(user.get("uid").asText()).isEqualTo("1001");
    assertThat(user.get("groups")).extracting(JsonNode::asText).containsExactly("devs", "qa", "system:authenticated");
    assertThat(user.get("authorizationHeaderSeen").asBoolean()).isFalse();
  }

  @Test
  void unknownBearerTokenIsUnauthorized() throws Exception {
    HttpResponse<String> response = get("/healthz", null, "Bearer not-in-the-file");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.mapper().readTree(response.body()).get("reason").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void negotiatesHttp2WithAlpn() throws Exception {
    try (SSLSocket socket = handshake(TestTls.clientContext(ca.certificate(), null), "h2", "http/1.1")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
    }
  }

  @Test
  void servesHttp2ToTheJdkClient() throws Exception {
    assertThat(get("/healthz", null, null).version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void refusesTls11() throws Exception {
    assumeThat(new File("/usr/bin/openssl")).exists();

    OpenSsl result = openSsl("-tls1_1");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("alert protocol version");
  }

  @Test
  void acceptsTls12() throws Exception {
    assumeThat(new File("/usr/bin/openssl")).exists();

    OpenSsl result = openSsl("-tls1_2");

    assertThat(result.output()).contains("Protocol  : TLSv1.2");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void tls13OnlyServerRefusesTls12() throws Exception {
    ServingCertificate serving = ServingCertificate.read(files.servingCertificate(), files.servingKey());
    TlsServerOptions tls13 =
        new TlsServerOptions(serving, TlsVersion.TLS13, List.of(), () -> List.of(ca.certificate()));
    HttpServer only13 =
        vertx
            .createHttpServer(tls13.httpServerOptions("127.0.0.1", 0))
            .requestHandler(request -> request.response().end("ok"))
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    try {
      SSLContext client = TestTls.clientContext(ca.certificate(), null);
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", only13.actualPort())) {
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
      }
    } finally {
      only13.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void kubectlWithTheGeneratedAdminKubeconfigIsAuthorized() throws Exception {
    Path kubectl = Path.of(System.getProperty("kubectl.path", "/usr/bin/kubectl"));
    assumeThat(kubectl).exists();

    Process process =
        new ProcessBuilder(
                kubectl.toString(), "--kubeconfig", files.adminKubeconfig().toString(), "get", "--raw", "/secret")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEqualTo("ok");
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void servesARenewedCertificateWithoutRestart() throws Exception {
    IssuedCertificate renewed =
        ca.issueServing(
            "localhost", List.of("localhost"), List.of(java.net.InetAddress.getLoopbackAddress()), Duration.ofDays(2));
    Files.writeString(files.servingKey(), renewed.privateKeyPem());
    Files.writeString(files.servingCertificate(), renewed.certificatePem());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(servedCertificate().getSerialNumber()).isEqualTo(renewed.certificate().getSerialNumber()));
  }

  private X509Certificate servedCertificate() throws Exception {
    // A fresh context each time: no resumed session hands back the previous connection's certificate.
    try (SSLSocket socket = handshake(TestTls.clientContext(ca.certificate(), null))) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private SSLSocket handshake(SSLContext context, String... applicationProtocols) throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(applicationProtocols);
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private IssuedCertificate adminCertificate() throws Exception {
    return new IssuedCertificate(
        Pem.readCertificates(files.adminCertificate()).get(0), Pem.readPrivateKey(files.adminKey()));
  }

  private HttpResponse<String> get(String path, IssuedCertificate clientCertificate, String authorization)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TestTls.clientContext(ca.certificate(), clientCertificate))
            .version(HttpClient.Version.HTTP_2)
            .build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private record OpenSsl(int exitCode, String output) {}

  /** openssl s_client without the distribution's config, which would refuse old protocols on the client side. */
  private OpenSsl openSsl(String protocolFlag) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                protocolFlag,
                "-cipher",
                "DEFAULT@SECLEVEL=0",
                "-CAfile",
                files.caCertificate().toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("OPENSSL_CONF", "/dev/null");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new OpenSsl(process.exitValue(), output);
  }
}
