package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.authn.AnonymousFallbackAuthenticator;
import dev.aggregation.apiserver.authn.Authenticator;
import dev.aggregation.apiserver.authn.TokenFileAuthenticator;
import dev.aggregation.apiserver.authn.UnionAuthenticator;
import dev.aggregation.apiserver.authn.X509Authenticator;
import dev.aggregation.apiserver.authz.AlwaysAllowGroupsAuthorizer;
import dev.aggregation.apiserver.authz.AlwaysAllowPathsAuthorizer;
import dev.aggregation.apiserver.authz.Authorizer;
import dev.aggregation.apiserver.authz.UnionAuthorizer;
import dev.aggregation.apiserver.server.tls.CertificateReloader;
import dev.aggregation.apiserver.server.tls.DevCertificateFiles;
import dev.aggregation.apiserver.server.tls.DevCertificates;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.server.tls.ServingCertificate;
import dev.aggregation.apiserver.server.tls.TlsServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The serving certificate, the authenticators and the authorizers the flags ask for. Without
 * --tls-cert-file the server makes its own CA and certificates in --cert-dir (with an admin kubeconfig), and
 * that CA also signs the admin's client certificate. Delegation to kube-apiserver (TokenReview,
 * SubjectAccessReview, the extension-apiserver-authentication ConfigMap) is not wired yet: anyone who is
 * not in system:masters is denied everything but the always-allowed paths.
 */
final class Security {
  private final Clock clock;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final List<X509Certificate> clientCas;

  private Security(Clock clock, Authenticator authenticator, Authorizer authorizer, List<X509Certificate> clientCas) {
    this.clock = clock;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.clientCas = clientCas;
  }

  static Security create(ServerConfig config, Clock clock) throws Exception {
    List<X509Certificate> clientCas = new ArrayList<>();
    Optional<Path> clientCaFile = config.authentication().clientCaFile();
    if (clientCaFile.isPresent()) {
      clientCas.addAll(Pem.readCertificates(clientCaFile.get()));
    }
    if (config.serving().tlsCertFile().isEmpty()) {
      DevCertificateFiles files = DevCertificates.forLocalhost(clock).ensure(config.serving().certDir(), config.serving().securePort());
      clientCas.addAll(Pem.readCertificates(files.caCertificate()));
    }
    List<X509Certificate> trusted = List.copyOf(clientCas);
    List<Authenticator> authenticators = new ArrayList<>();
    if (!trusted.isEmpty()) {
      authenticators.add(new X509Authenticator(() -> trusted, clock));
    }
    Optional<Path> tokenFile = config.authentication().tokenAuthFile();
    if (tokenFile.isPresent()) {
      authenticators.add(TokenFileAuthenticator.read(tokenFile.get()));
    }
    Authenticator authenticator = new AnonymousFallbackAuthenticator(new UnionAuthenticator(authenticators));
    Authorizer authorizer =
        new UnionAuthorizer(
            List.of(AlwaysAllowGroupsAuthorizer.systemMasters(), new AlwaysAllowPathsAuthorizer(config.authorization().alwaysAllowPaths())));
    return new Security(clock, authenticator, authorizer, trusted);
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Authorizer authorizer() {
    return authorizer;
  }

  /** Listens with TLS on the configured address, and reloads the serving certificate when its files change. */
  HttpServer listen(Vertx vertx, Router router, ServerConfig.Serving serving, List<AutoCloseable> resources) throws Exception {
    Path certFile;
    Path keyFile;
    if (serving.tlsCertFile().isPresent()) {
      certFile = serving.tlsCertFile().get();
      keyFile = serving.tlsPrivateKeyFile().orElseThrow();
    } else {
      DevCertificateFiles files = new DevCertificateFiles(serving.certDir());
      certFile = files.servingCertificate();
      keyFile = files.servingKey();
    }
    ServingCertificate certificate = ServingCertificate.read(certFile, keyFile);
    TlsServerOptions tls = new TlsServerOptions(certificate, serving.tlsMinVersion(), serving.tlsCipherSuites(), () -> clientCas);
    HttpServer server =
        vertx
            .createHttpServer(tls.httpServerOptions(serving.bindAddress(), serving.securePort()))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    if (serving.tlsCertFile().isEmpty() && serving.securePort() != server.actualPort()) {
      // port 0: the admin kubeconfig can name the port only now
      DevCertificates.forLocalhost(clock).ensure(serving.certDir(), server.actualPort());
    }
    CertificateReloader reloader =
        new CertificateReloader(vertx, tls, certFile, keyFile, certificate).start(CertificateReloader.DEFAULT_INTERVAL);
    resources.add(reloader);
    return server;
  }
}
