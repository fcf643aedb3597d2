package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.webhook.ServiceResolver;
import dev.aggregation.apiserver.audit.AuditFilter;
import dev.aggregation.apiserver.authn.AuthenticationHandler;
import dev.aggregation.apiserver.authz.AuthorizationHandler;
import dev.aggregation.apiserver.endpoints.codec.ContentNegotiation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.endpoints.codec.ResponseWriter;
import dev.aggregation.apiserver.endpoints.discovery.DiscoveryHandler;
import dev.aggregation.apiserver.endpoints.health.HealthCheck;
import dev.aggregation.apiserver.endpoints.health.HealthEndpoints;
import dev.aggregation.apiserver.endpoints.health.LogCheck;
import dev.aggregation.apiserver.endpoints.health.PingCheck;
import dev.aggregation.apiserver.endpoints.metrics.ApiServerMetrics;
import dev.aggregation.apiserver.endpoints.metrics.MetricsHandler;
import dev.aggregation.apiserver.endpoints.metrics.RequestMetricsHandler;
import dev.aggregation.apiserver.endpoints.openapi.OpenApiHandler;
import dev.aggregation.apiserver.endpoints.openapi.OpenApiInfo;
import dev.aggregation.apiserver.endpoints.resource.HandlerContext;
import dev.aggregation.apiserver.endpoints.resource.ObjectOutput;
import dev.aggregation.apiserver.endpoints.resource.ResourceDispatcher;
import dev.aggregation.apiserver.endpoints.resource.ResourceEndpoint;
import dev.aggregation.apiserver.endpoints.resource.WatchSettings;
import dev.aggregation.apiserver.endpoints.version.BuildInfo;
import dev.aggregation.apiserver.endpoints.version.VersionHandler;
import dev.aggregation.apiserver.filters.BodyLimitHandler;
import dev.aggregation.apiserver.filters.MaxInFlightHandler;
import dev.aggregation.apiserver.filters.RequestInfoHandler;
import dev.aggregation.apiserver.filters.RequestStage;
import dev.aggregation.apiserver.filters.RequestTimeoutHandler;
import dev.aggregation.apiserver.filters.StageChain;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.impersonation.ImpersonationHandler;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ObjectReader;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import dev.aggregation.apiserver.server.tls.DevCertificates;
import dev.aggregation.apiserver.server.tls.TlsStackPreload;
import dev.aggregation.apiserver.storage.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregated apiserver, assembled: the store, one registry per kind, the handler chain of DESIGN.md §3
 * (request info, metrics, in-flight limit, timeout, body limit, authentication, authorization, then discovery,
 * OpenAPI, health, metrics and the resources) on a Vert.x HTTPS server. Java teams serve their own kinds by
 * adding their {@link ApiGroup} and admission plugins to the {@link Builder}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Vertx vertx;
  private final SecurePort server;
  private final Storage storage;
  private final List<AutoCloseable> resources;

  private ApiServer(Vertx vertx, SecurePort server, Storage storage, List<AutoCloseable> resources) {
    this.vertx = vertx;
    this.server = server;
    this.storage = storage;
    this.resources = resources;
  }

  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /** The port the server listens on (the one asked for, or the one the OS chose for port 0). */
  public int port() {
    return server.port();
  }

  public Storage storage() {
    return storage;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      LOG.warn("closing the HTTPS server failed", e);
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", resource, e);
      }
    }
    storage.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x failed", e);
    }
  }

  /** Collects what the server serves, then starts it. */
  public static final class Builder {
    private final ServerConfig config;
    private final List<ApiGroup> groups = new ArrayList<>();
    private final List<Function<ObjectReader, List<AdmissionPlugin>>> pluginFactories = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private WatchSettings watchSettings;
    private NameGenerator names = new NameGenerator(new SecureRandom());
    private ServiceResolver webhookServices = ServiceResolver.DNS;
    private ConnectionLimits connectionLimits = ConnectionLimits.defaults();

    private Builder(ServerConfig config) {
      this.config = Objects.requireNonNull(config);
    }

    public Builder group(ApiGroup group) {
      groups.add(group);
      return this;
    }

    /** Admission plugins of the served kinds, made once the registries exist (they may read objects). */
    public Builder admissionPlugins(Function<ObjectReader, List<AdmissionPlugin>> factory) {
      pluginFactories.add(factory);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How admission webhooks' services are reached (cluster DNS by default). */
    public Builder webhookServiceResolver(ServiceResolver resolver) {
      this.webhookServices = Objects.requireNonNull(resolver);
      return this;
    }

    /** Header size, HTTP/2 stream, read-header and idle limits of client connections (Go's http.Server's by default). */
    public Builder connectionLimits(ConnectionLimits limits) {
      this.connectionLimits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder watchSettings(WatchSettings settings) {
      this.watchSettings = settings;
      return this;
    }

    /** Starts the server and returns once it listens. */
    public ApiServer start() throws Exception {
      TlsStackPreload.start();
      // Independent of each other and of everything up to where they are used: they get ready meanwhile.
      StartupStep<Optional<DevCertificates.Certificates>> certificates =
          StartupStep.start("certificates", () -> Security.devCertificates(config, clock));
      // Rendering it takes longer than making the certificates: awaited only before the server listens.
      StartupStep<Void> kubeconfig = StartupStep.start("admin-kubeconfig", () -> {
        Security.writeAdminKubeconfig(config, clock, certificates.join());
        return null;
      });
      Collection<String> cachedPrefixes = Registries.resourcePrefixes(groups, config.storage().etcdPrefix());
      StartupStep<StorageFactory.OpenedStorage> opening =
          StartupStep.start("storage", () -> StorageFactory.open(config.storage(), cachedPrefixes));
      // The JVM meters' binders read a dozen MXBeans: a tenth of a second on one core of the main thread's path.
      StartupStep<ApiServerMetrics> metering = StartupStep.start("metrics", ApiServerMetrics::new);
      Vertx vertx;
      VertxOptions vertxOptions = new VertxOptions().setWorkerPoolSize(64);
      try {
        vertx = Vertx.vertx(vertxOptions);
      } catch (RuntimeException | Error e) {
        releaseAfterFailure(certificates, kubeconfig, opening);
        metering.joinAfterFailure().ifPresent(ApiServerMetrics::close);
        throw e;
      }
      List<AutoCloseable> resources = new ArrayList<>();
      Storage storage = null;
      ApiServerMetrics metricsTaken = null;
      try {
        // What needs no store comes first, while the store is still opening (its native library, the watch caches).
        List<AdmissionPlugin> clusterPlugins = ClusterAdmission.plugins(config, vertx, webhookServices, resources);
        Optional<AuditFilter> audit = AuditLogging.filter(config.audit(), vertx, clock, resources);
        ApiServerMetrics metrics = metering.join();
        metricsTaken = metrics;
        resources.add(metrics);
        LogCheck logCheck = new LogCheck(vertx, clock);
        resources.add(logCheck);

        // Built before the certificates are awaited, mounted in their place below.
        DiscoveryHandler discovery = new DiscoveryHandler(groups);
        OpenApiHandler openApi = new OpenApiHandler(groups, new OpenApiInfo("wardle-apiserver", BuildInfo.load().gitVersion()), clock);
        VersionHandler versionHandler = new VersionHandler(BuildInfo.load());

        Security security = Security.create(config, clock, certificates.join().map(DevCertificates.Certificates::files), resources);
        Router router = Router.router(vertx);
        ConnectionDeadlines deadlines = new ConnectionDeadlines(vertx, connectionLimits);
        router.route().handler(deadlines.requests());
        router.route().handler(new RequestInfoHandler());
        router.route().handler(new RequestMetricsHandler(metrics));
        router.route().handler(new MaxInFlightHandler(config.limits().maxRequestsInflight(), config.limits().maxMutatingRequestsInflight()));
        router.route().handler(new RequestTimeoutHandler(config.limits().requestTimeout()));
        router.route().handler(new BodyLimitHandler()).failureHandler(ctx -> {
          if (ctx.statusCode() == 413) {
            BodyLimitHandler.onFailure(ctx);
          } else {
            ctx.next();
          }
        });
        audit.ifPresent(a -> router.route().handler(a.received()));

        StorageFactory.OpenedStorage opened = opening.join();
        storage = opened.storage();
        // First in the list, so closed first, as when the store was opened before everything else.
        resources.add(0, opened.compactor());
        Registries registries = new Registries(groups, storage, config.storage().etcdPrefix(), clock, names);
        resources.add(1, registries);
        // the server's own plugins first, then the APIs' (Kubernetes' recommended order, BanFlunder last)
        List<Function<ObjectReader, List<AdmissionPlugin>>> factories = new ArrayList<>();
        factories.add(reader -> clusterPlugins);
        factories.addAll(pluginFactories);
        AdmissionChain admission = AdmissionPlugins.chain(factories, registries, config.admission(), ClusterAdmission.NAMES);
        ContentNegotiation negotiation = new ContentNegotiation();
        ResponseWriter writer = new ResponseWriter();
        HandlerContext handlers =
            new HandlerContext(vertx, clock, admission, new ObjectDecoder(), negotiation, writer, new ObjectOutput(negotiation, writer));
        List<ResourceEndpoint> endpoints = new ArrayList<>();
        for (ApiGroup group : groups) {
          for (ResourceStrategy strategy : group.resources()) {
            for (VersionDefinition version : strategy.versions()) {
              endpoints.add(ResourceEndpoint.of(strategy, version, registries.get(strategy.groupResource())));
            }
          }
        }
        WatchSettings watches = watchSettings != null ? watchSettings
            : new WatchSettings(WatchSettings.defaults().bookmarkInterval(), (int) config.limits().minRequestTimeout().toSeconds());
        ResourceDispatcher dispatcher = new ResourceDispatcher(endpoints, handlers, watches);
        // authentication, impersonation and authorization may each call kube-apiserver unless their caches answer
        List<RequestStage> securityStages = new ArrayList<>();
        securityStages.add(new AuthenticationHandler(security.authenticator(), security.proxyHeaders()));
        audit.ifPresent(a -> securityStages.add(a.authenticated()));
        securityStages.add(new ImpersonationHandler(security.authorizer()));
        audit.ifPresent(a -> securityStages.add(a.authorizing()));
        securityStages.add(new AuthorizationHandler(security.authorizer()));
        audit.ifPresent(a -> securityStages.add(a.authorized()));
        // A resource request goes from the security steps straight to its handler, on the event loop as long as
        // nothing blocks and then on one worker: each blocking route would cost two thread hand-overs, and walking
        // the routes between (discovery, OpenAPI, health) would match their path patterns against every request.
        router.route().handler(new StageChain(securityStages, dispatcher));

        discovery.mount(router);
        openApi.mount(router);
        versionHandler.mount(router);
        StorageHealthCheck storageCheck = new StorageHealthCheck(storage, StorageHealthCheck.DEFAULT_TIMEOUT);
        resources.add(storageCheck);
        // The store only decides readiness: with etcd down the replica leaves the Service but is not restarted.
        List<HealthCheck> readinessOnly = new ArrayList<>(List.of(storageCheck));
        readinessOnly.addAll(opened.readinessChecks());
        new HealthEndpoints(List.of(new PingCheck(), logCheck), readinessOnly).mount(router);
        new MetricsHandler(metrics).mount(router);

        router.route().last().handler(ctx -> ctx.response()
            .setStatusCode(404)
            .putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("X-Content-Type-Options", "nosniff")
            .end("404 page not found\n"));
        router.errorHandler(500, ctx -> {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().uri(), ctx.failure());
          StatusResponse.internalError(ctx.response(), ctx.request().uri(), ctx.failure() == null ? new IllegalStateException("unknown failure") : ctx.failure());
        });

        kubeconfig.join();
        SecurePort server = security.listen(vertx, router, config.serving(), connectionLimits, deadlines,
            vertxOptions.getEventLoopPoolSize(), resources);
        LOG.info("serving securely on {}:{} from {} event loops", config.serving().bindAddress(), server.port(),
            vertxOptions.getEventLoopPoolSize());
        return new ApiServer(vertx, server, storage, resources);
      } catch (Exception | Error e) {
        if (storage == null) {
          releaseAfterFailure(certificates, kubeconfig, opening);
        } else {
          certificates.joinAfterFailure();
          kubeconfig.joinAfterFailure();
        }
        if (metricsTaken == null) {
          metering.joinAfterFailure().ifPresent(ApiServerMetrics::close);
        }
        for (AutoCloseable resource : resources) {
          try {
            resource.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        if (storage != null) {
          storage.close();
        }
        vertx.close();
        throw e;
      }
    }

    /**
     * After a failure before the store was taken: waits for the steps, so that no certificate or kubeconfig is
     * written after start() failed, and closes the store if it opened.
     */
    private static void releaseAfterFailure(
        StartupStep<Optional<DevCertificates.Certificates>> certificates,
        StartupStep<Void> kubeconfig,
        StartupStep<StorageFactory.OpenedStorage> opening) {
      certificates.joinAfterFailure();
      kubeconfig.joinAfterFailure();
      opening.joinAfterFailure().ifPresent(opened -> {
        try {
          opened.compactor().close();
        } catch (Exception e) {
          LOG.warn("closing the compactor failed", e);
        }
        opened.storage().close();
      });
    }
  }
}
