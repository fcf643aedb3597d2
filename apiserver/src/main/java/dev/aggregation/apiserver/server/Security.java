package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.authn.AnonymousFallbackAuthenticator;
import dev.aggregation.apiserver.authn.Authenticator;
import dev.aggregation.apiserver.authn.RequestHeaderAuthenticator;
import dev.aggregation.apiserver.authn.RequestHeaderConfig;
import dev.aggregation.apiserver.authn.TokenReviewAuthenticator;
import dev.aggregation.apiserver.authn.TokenFileAuthenticator;
import dev.aggregation.apiserver.authn.UnionAuthenticator;
import dev.aggregation.apiserver.authn.X509Authenticator;
import dev.aggregation.apiserver.authz.AlwaysAllowGroupsAuthorizer;
import dev.aggregation.apiserver.authz.AlwaysAllowPathsAuthorizer;
import dev.aggregation.apiserver.authz.Authorizer;
import dev.aggregation.apiserver.authz.SubjectAccessReviewAuthorizer;
import dev.aggregation.apiserver.authz.UnionAuthorizer;
import dev.aggregation.apiserver.server.tls.CertificateReloader;
import dev.aggregation.apiserver.server.tls.ClientCaAdvertisement;
import dev.aggregation.apiserver.server.tls.DevCertificateFiles;
import dev.aggregation.apiserver.server.tls.DevCertificates;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.server.tls.ServingCertificate;
import dev.aggregation.apiserver.server.tls.TlsServerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The serving certificate, the authenticators and the authorizers the flags ask for.
 *
 * <p>Standalone ({@code --standalone}): without --tls-cert-file the server makes its own CA and certificates in
 * --cert-dir (with an admin kubeconfig), and that CA also signs the admin's client certificate; system:masters
 * may do everything, everyone else only the always-allowed paths.
 *
 * <p>Delegated (the default): kube-apiserver vouches for users and decides what they may do, as
 * k8s.io/apiserver's delegating options set it up. The client CA and the front proxy come from the flags or,
 * for what the flags leave out, from the live {@code extension-apiserver-authentication} ConfigMap; bearer
 * tokens go to TokenReview; everything that is not always allowed goes to SubjectAccessReview.
 */
final class Security {
  private final Clock clock;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final Supplier<List<X509Certificate>> acceptableClientCas;
  private final Supplier<Optional<RequestHeaderConfig>> proxyHeaders;

  private Security(
      Clock clock,
      Authenticator authenticator,
      Authorizer authorizer,
      Supplier<List<X509Certificate>> acceptableClientCas,
      Supplier<Optional<RequestHeaderConfig>> proxyHeaders) {
    this.clock = clock;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.acceptableClientCas = acceptableClientCas;
    this.proxyHeaders = proxyHeaders;
  }

  /**
   * Without --tls-cert-file: the development certificates in --cert-dir, made or renewed as needed. Independent of
   * everything else the server sets up, so it may run meanwhile; the admin kubeconfig is {@link #writeAdminKubeconfig}.
   */
  static Optional<DevCertificates.Certificates> devCertificates(ServerConfig config, Clock clock) throws IOException {
    if (config.serving().tlsCertFile().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(DevCertificates.forLocalhost(clock).ensureCertificates(config.serving().certDir()));
  }

  /** The admin kubeconfig for --secure-port beside the development certificates, if there are any. */
  static void writeAdminKubeconfig(ServerConfig config, Clock clock, Optional<DevCertificates.Certificates> certificates)
      throws IOException {
    if (certificates.isPresent()) {
      DevCertificates.forLocalhost(clock).writeAdminKubeconfig(certificates.get(), config.serving().securePort());
    }
  }

  /**
   * @param devFiles the files of what {@link #devCertificates} returned
   * @param resources collects what must be closed with the server (cluster clients, the ConfigMap watch)
   */
  static Security create(ServerConfig config, Clock clock, Optional<DevCertificateFiles> devFiles, List<AutoCloseable> resources)
      throws Exception {
    if (config.standalone()) {
      return standalone(config, clock, devFiles);
    }
    return delegated(config, clock, KubernetesClients.fromEnvironment(), resources);
  }

  private static Security standalone(ServerConfig config, Clock clock, Optional<DevCertificateFiles> devFiles)
      throws Exception {
    List<X509Certificate> clientCas = new ArrayList<>();
    Optional<Path> clientCaFile = config.authentication().clientCaFile();
    if (clientCaFile.isPresent()) {
      clientCas.addAll(Pem.readCertificates(clientCaFile.get()));
    }
    if (devFiles.isPresent()) {
      clientCas.addAll(Pem.readCertificates(devFiles.get().caCertificate()));
    }
    List<X509Certificate> trusted = List.copyOf(clientCas);
    List<Authenticator> authenticators = new ArrayList<>();
    authenticators.add(new X509Authenticator(() -> trusted, clock));
    tokenFile(config).ifPresent(authenticators::add);
    Authenticator authenticator = new AnonymousFallbackAuthenticator(new UnionAuthenticator(authenticators));
    Authorizer authorizer = new UnionAuthorizer(alwaysAllowed(config));
    return new Security(clock, authenticator, authorizer, () -> trusted, Optional::empty);
  }

  /** k8s.io/apiserver's DelegatingAuthenticationOptions and DelegatingAuthorizationOptions, applied. */
  static Security delegated(ServerConfig config, Clock clock, KubernetesClients clients, List<AutoCloseable> resources)
      throws Exception {
    ServerConfig.Authentication authentication = config.authentication();
    KubernetesClient authenticationClient = clients.create(authentication.kubeconfig(), "delegated authentication");
    DelegatedTrust trust;
    try {
      trust = DelegatedTrust.create(authentication, authenticationClient, resources);
    } catch (Exception | Error e) {
      authenticationClient.close();
      throw e;
    }
    // after the ConfigMap watch that uses it, so that the watch is closed first
    resources.add(authenticationClient);

    List<Authenticator> authenticators = new ArrayList<>();
    authenticators.add(new RequestHeaderAuthenticator(trust::requestHeaderCas, trust::requestHeader, clock));
    authenticators.add(new X509Authenticator(trust::clientCas, clock));
    tokenFile(config).ifPresent(authenticators::add);
    authenticators.add(new TokenReviewAuthenticator(authenticationClient, authentication.tokenWebhookCacheTtl()));
    Authenticator authenticator = new AnonymousFallbackAuthenticator(new UnionAuthenticator(authenticators));

    ServerConfig.Authorization authorization = config.authorization();
    KubernetesClient authorizationClient = clients.create(authorization.kubeconfig(), "delegated authorization");
    resources.add(authorizationClient);
    List<Authorizer> authorizers = new ArrayList<>(alwaysAllowed(config));
    authorizers.add(
        new SubjectAccessReviewAuthorizer(
            authorizationClient, authorization.webhookCacheAuthorizedTtl(), authorization.webhookCacheUnauthorizedTtl()));
    return new Security(clock, authenticator, new UnionAuthorizer(authorizers), trust::acceptableClientCas, trust::requestHeader);
  }

  private static Optional<Authenticator> tokenFile(ServerConfig config) throws Exception {
    Optional<Path> tokenFile = config.authentication().tokenAuthFile();
    return tokenFile.isPresent() ? Optional.of(TokenFileAuthenticator.read(tokenFile.get())) : Optional.empty();
  }

  /** system:masters, then --authorization-always-allow-paths: decided without asking anyone. */
  private static List<Authorizer> alwaysAllowed(ServerConfig config) {
    return List.of(
        AlwaysAllowGroupsAuthorizer.systemMasters(),
        new AlwaysAllowPathsAuthorizer(config.authorization().alwaysAllowPaths()));
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Authorizer authorizer() {
    return authorizer;
  }

  /** The front proxy's current header settings, whose headers authentication removes from every request. */
  Supplier<Optional<RequestHeaderConfig>> proxyHeaders() {
    return proxyHeaders;
  }

  /**
   * Listens with TLS on the configured address from {@code eventLoops} event loops, reloads the serving
   * certificate when its files change, and advertises the acceptable client CAs of the moment.
   */
  SecurePort listen(Vertx vertx, Router router, ServerConfig.Serving serving, ConnectionLimits limits, ConnectionDeadlines deadlines,
      int eventLoops, List<AutoCloseable> resources) throws Exception {
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
    TlsServerOptions tls = new TlsServerOptions(certificate, serving.tlsMinVersion(), serving.tlsCipherSuites(), acceptableClientCas);
    SecurePort server = SecurePort.listen(vertx, limits.applyTo(tls.httpServerOptions(serving.bindAddress(), serving.securePort())),
        deadlines.connections(), router, eventLoops);
    if (serving.tlsCertFile().isEmpty() && serving.securePort() != server.port()) {
      // port 0: the admin kubeconfig can name the port only now
      DevCertificates.forLocalhost(clock).ensure(serving.certDir(), server.port());
    }
    CertificateReloader reloader =
        new CertificateReloader(vertx, tls, certFile, keyFile, certificate).start(CertificateReloader.DEFAULT_INTERVAL);
    resources.add(reloader);
    if (tls.copiesClientCasIntoItsContext()) {
      resources.add(new ClientCaAdvertisement(vertx, acceptableClientCas, server::rebuildTls).start(ClientCaAdvertisement.DEFAULT_INTERVAL));
    }
    return server;
  }
}
