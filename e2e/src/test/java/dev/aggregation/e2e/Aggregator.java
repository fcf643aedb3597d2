package dev.aggregation.e2e;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.APIServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's aggregation layer on one machine: an HTTPS server that authenticates callers by bearer token
 * (kube-apiserver's token authenticator, from {@link MockCluster}'s table), serves /api and /apis discovery from
 * the APIServices, and proxies /apis/&lt;group&gt;/&lt;version&gt;/... to the APIService's Service the way
 * kube-aggregator does: to a ready endpoint of the Service, verifying the serving certificate against the
 * APIService's caBundle for the name {@code <service>.<namespace>.svc}, with the caller's credentials dropped and
 * the user in X-Remote-User/Group/Extra-* under the front-proxy client certificate. Its availability controller
 * marks each APIService Available once a GET of /apis/&lt;group&gt;/&lt;version&gt; succeeds.
 *
 * <p>Not played: kube-apiserver's own authorization of the request (the extension apiserver asks the same RBAC
 * through SubjectAccessReview), impersonation, and OpenAPI aggregation.
 */
final class Aggregator implements AutoCloseable {
  static final String PROXY_CLIENT_NAME = "front-proxy-client";
  private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);
  /** Headers that describe one hop, never forwarded (RFC 9110 7.6.1), plus what the proxy itself decides. */
  private static final Set<String> NOT_FORWARDED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
      "transfer-encoding", "upgrade", "host", "authorization");

  private final Vertx vertx = Vertx.vertx();
  private final KubernetesClient kube;
  private final MockCluster cluster;
  private final IssuedCertificate proxyClient;
  private final HttpServer server;
  private final AtomicReference<Map<String, Backend>> backends = new AtomicReference<>(Map.of());
  private final AtomicReference<List<APIService>> apiServices = new AtomicReference<>(List.of());
  private final Map<String, HttpClient> clientsByCaBundle = new ConcurrentHashMap<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final AtomicLong proxiedFailures = new AtomicLong();
  private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor(
      runnable -> new Thread(runnable, "aggregator-availability"));

  /** Where an APIService's requests go: the Service's DNS name for TLS, the ready endpoints to connect to. */
  record Backend(String serverName, String caBundle, List<SocketAddress> endpoints) {}

  private Aggregator(MockCluster cluster, IssuedCertificate serving, IssuedCertificate proxyClient) {
    this.cluster = cluster;
    this.kube = cluster.client();
    this.proxyClient = proxyClient;
    this.server = vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(serving.certificatePem()))
            .setKeyValue(Buffer.buffer(serving.privateKeyPem()))))
        .requestHandler(this::handle);
  }

  /**
   * @param serving the aggregator's own serving certificate (what kubectl verifies)
   * @param proxyClient the front-proxy client certificate, issued by the ConfigMap's requestheader CA
   */
  static Aggregator start(MockCluster cluster, IssuedCertificate serving, IssuedCertificate proxyClient)
      throws Exception {
    Aggregator aggregator = new Aggregator(cluster, serving, proxyClient);
    aggregator.server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    aggregator.controller.scheduleWithFixedDelay(aggregator::syncSafely, 0, 300, TimeUnit.MILLISECONDS);
    return aggregator;
  }

  int port() {
    return server.actualPort();
  }

  /** Proxied requests that failed in the proxy itself (no endpoint, TLS or connection errors). */
  long proxiedFailures() {
    return proxiedFailures.get();
  }

  // ---- the availability controller (a scheduler thread: blocking calls allowed) ----

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      // A failed tick must not cancel the schedule; the next one tries again.
      LOG.warn("aggregator sync failed", e);
    }
  }

  private void sync() {
    List<APIService> listed = kube.resources(APIService.class).list().getItems();
    Map<String, Backend> resolved = new LinkedHashMap<>();
    for (APIService apiService : listed) {
      if (apiService.getSpec().getService() != null) {
        resolve(apiService).ifPresent(backend -> resolved.put(groupVersion(apiService), backend));
      }
    }
    backends.set(Map.copyOf(resolved));
    for (APIService apiService : listed) {
      if (apiService.getSpec().getService() != null) {
        updateAvailability(apiService, resolved.get(groupVersion(apiService)));
      }
    }
    apiServices.set(List.copyOf(kube.resources(APIService.class).list().getItems()));
  }

  private static String groupVersion(APIService apiService) {
    return apiService.getSpec().getGroup() + "/" + apiService.getSpec().getVersion();
  }

  private Optional<Backend> resolve(APIService apiService) {
    var reference = apiService.getSpec().getService();
    Service service = kube.services().inNamespace(reference.getNamespace()).withName(reference.getName()).get();
    Endpoints endpoints = kube.endpoints().inNamespace(reference.getNamespace()).withName(reference.getName()).get();
    if (service == null || endpoints == null) {
      return Optional.empty();
    }
    int port = Objects.requireNonNullElse(reference.getPort(), 443);
    Optional<String> portName = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port)
        .map(ServicePort::getName).findFirst();
    if (portName.isEmpty()) {
      return Optional.empty();
    }
    List<SocketAddress> addresses = new ArrayList<>();
    for (EndpointSubset subset : Objects.requireNonNullElse(endpoints.getSubsets(), List.<EndpointSubset>of())) {
      subset.getPorts().stream().filter(p -> Objects.equals(p.getName(), portName.get())).findFirst()
          .ifPresent(p -> subset.getAddresses().forEach(a -> addresses.add(
              SocketAddress.inetSocketAddress(p.getPort(), a.getIp()))));
    }
    String caBundle = apiService.getSpec().getCaBundle() == null
        ? ""
        : new String(Base64.getDecoder().decode(apiService.getSpec().getCaBundle()), StandardCharsets.UTF_8);
    return Optional.of(new Backend(
        reference.getName() + "." + reference.getNamespace() + ".svc", caBundle, List.copyOf(addresses)));
  }

  private void updateAvailability(APIService apiService, Backend backend) {
    APIServiceCondition desired;
    if (backend == null || backend.endpoints().isEmpty()) {
      desired = condition("False", "MissingEndpoints", "endpoints for service/"
          + apiService.getSpec().getService().getName() + " in \"" + apiService.getSpec().getService().getNamespace()
          + "\" have no addresses");
    } else {
      String path = "/apis/" + apiService.getSpec().getGroup() + "/" + apiService.getSpec().getVersion();
      desired = discoveryCheck(backend, path);
    }
    APIServiceCondition current = apiService.getStatus() == null ? null : apiService.getStatus().getConditions()
        .stream().filter(c -> c.getType().equals("Available")).findFirst().orElse(null);
    if (current != null && current.getStatus().equals(desired.getStatus())
        && Objects.equals(current.getReason(), desired.getReason())) {
      return;
    }
    apiService.setStatus(new APIServiceStatusBuilder().withConditions(desired).build());
    kube.resource(apiService).updateStatus();
  }

  private APIServiceCondition discoveryCheck(Backend backend, String path) {
    try {
      int status = send(backend, HttpMethod.GET, path, MultiMap.caseInsensitiveMultiMap(), Identity.AGGREGATOR)
          .compose(response -> response.body().map(body -> response.statusCode()))
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return status >= 200 && status < 300
          ? condition("True", "Passed", "all checks passed")
          : condition("False", "FailedDiscoveryCheck", "failing or missing response from " + path + ": bad status "
              + "from " + path + ": " + status);
    } catch (Exception e) {
      return condition("False", "FailedDiscoveryCheck", "failing or missing response from " + path + ": " + e);
    }
  }

  private static APIServiceCondition condition(String status, String reason, String message) {
    return new APIServiceConditionBuilder().withType("Available").withStatus(status).withReason(reason)
        .withMessage(message).withLastTransitionTime(java.time.Instant.now().toString()).build();
  }

  // ---- the request path (event loop: only the snapshots, never the cluster) ----

  private void handle(HttpServerRequest request) {
    Optional<Identity> user = authenticate(request);
    if (user.isEmpty()) {
      status(request.response(), 401, "Unauthorized", "Unauthorized");
      return;
    }
    String path = request.path();
    List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    // /api and /api/v1 are kube-apiserver's own (core) group, which this aggregator does not serve: 404, which
    // discovery clients accept, rather than an invented resource list.
    if (path.equals("/openapi/v3")) {
      openApiV3Root(request, user.get());
    } else if (segments.size() == 5 && path.startsWith("/openapi/v3/apis/")
        && backends.get().containsKey(segments.get(3) + "/" + segments.get(4))) {
      proxy(request, backends.get().get(segments.get(3) + "/" + segments.get(4)), user.get());
    } else if (path.equals("/apis") || path.equals("/apis/")) {
      json(request.response(), Serialization.asJson(new APIGroupListBuilder().withGroups(groups()).build()));
    } else if (segments.get(0).equals("apis") && segments.size() == 2) {
      groups().stream().filter(g -> g.getName().equals(segments.get(1))).findFirst().ifPresentOrElse(
          group -> json(request.response(), Serialization.asJson(group)),
          () -> notFound(request.response()));
    } else if (segments.get(0).equals("apis") && segments.size() >= 3
        && backends.get().containsKey(segments.get(1) + "/" + segments.get(2))) {
      proxy(request, backends.get().get(segments.get(1) + "/" + segments.get(2)), user.get());
    } else {
      notFound(request.response());
    }
  }

  /**
   * kube-aggregator's OpenAPI v3 root: the union of every available APIService's own {@code paths}, each entry's
   * serverRelativeURL left as its server wrote it (the aggregator routes /openapi/v3/apis/g/v by group/version).
   */
  private void openApiV3Root(HttpServerRequest request, Identity user) {
    Map<String, Backend> available = new LinkedHashMap<>();
    Set<String> servedPaths = new java.util.HashSet<>();
    groups().forEach(group -> group.getVersions().forEach(version -> {
      Backend backend = backends.get().get(version.getGroupVersion());
      if (backend != null) {
        available.putIfAbsent(backend.serverName(), backend);
        servedPaths.add("apis/" + version.getGroupVersion());
      }
    }));
    List<Future<Buffer>> documents = available.values().stream()
        .map(backend -> send(backend, HttpMethod.GET, "/openapi/v3", MultiMap.caseInsensitiveMultiMap(), user)
            .compose(response -> response.statusCode() == 200
                ? response.body()
                : Future.failedFuture("/openapi/v3 of " + backend.serverName() + ": " + response.statusCode())))
        .toList();
    Future.all(documents).onComplete(all -> {
      if (all.failed()) {
        status(request.response(), 503, "ServiceUnavailable", all.cause().getMessage());
        return;
      }
      com.fasterxml.jackson.databind.node.ObjectNode paths = Serialization.jsonMapper().createObjectNode();
      for (Future<Buffer> document : documents) {
        try {
          var fields = Serialization.jsonMapper().readTree(document.result().getBytes()).path("paths").fields();
          // Only what an APIService routes here: a version the backend serves but no APIService names is not
          // reachable through the aggregator, so it is not in the aggregated root either.
          fields.forEachRemaining(field -> {
            if (servedPaths.contains(field.getKey())) {
              paths.set(field.getKey(), field.getValue());
            }
          });
        } catch (java.io.IOException e) {
          status(request.response(), 503, "ServiceUnavailable", "an unreadable /openapi/v3: " + e.getMessage());
          return;
        }
      }
      json(request.response(), "{\"paths\":" + paths + "}");
    });
  }

  private Optional<Identity> authenticate(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return cluster.authenticate(authorization.substring(7).trim());
  }

  private List<APIGroup> groups() {
    return AggregatedDiscovery.groups(apiServices.get());
  }

  private void proxy(HttpServerRequest request, Backend backend, Identity user) {
    request.pause();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.headers().forEach(header -> {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!NOT_FORWARDED.contains(name) && !name.startsWith("x-remote-") && !name.startsWith("impersonate-")) {
        headers.add(header.getKey(), header.getValue());
      }
    });
    boolean chunkedBody = "chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING));
    sendStreaming(backend, request, headers, user, chunkedBody).onComplete(result -> {
      if (result.failed()) {
        proxiedFailures.incrementAndGet();
        LOG.warn("proxying {} {} failed", request.method(), request.uri(), result.cause());
        request.resume();
        if (!request.response().headWritten()) {
          status(request.response(), 503, "ServiceUnavailable", "error trying to reach service: "
              + result.cause().getMessage());
        } else {
          request.response().reset();
        }
        return;
      }
      HttpClientResponse response = result.result();
      HttpServerResponse out = request.response();
      out.setStatusCode(response.statusCode());
      response.headers().forEach(header -> {
        if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          out.headers().add(header.getKey(), header.getValue());
        }
      });
      if (response.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
        out.setChunked(true);
      }
      // A caller that goes away (a watch stopped) takes its upstream request with it.
      out.closeHandler(closed -> response.request().reset());
      response.pipeTo(out).onFailure(e -> LOG.debug("response of {} ended early: {}", request.uri(), e.toString()));
    });
  }

  /** Sends the caller's request upstream, body streamed; completes with the upstream response. */
  private Future<HttpClientResponse> sendStreaming(
      Backend backend, HttpServerRequest request, MultiMap headers, Identity user, boolean chunkedBody) {
    return open(backend, request.method(), request.uri(), headers, user).compose(upstream -> {
      if (chunkedBody) {
        upstream.setChunked(true);
      }
      request.resume();
      request.pipeTo(upstream);
      return upstream.response();
    });
  }

  private Future<HttpClientResponse> send(
      Backend backend, HttpMethod method, String uri, MultiMap headers, Identity user) {
    return open(backend, method, uri, headers, user).compose(HttpClientRequest::send);
  }

  private Future<HttpClientRequest> open(
      Backend backend, HttpMethod method, String uri, MultiMap headers, Identity user) {
    if (backend.endpoints().isEmpty()) {
      return Future.failedFuture("no endpoints available for service \"" + backend.serverName() + "\"");
    }
    SocketAddress endpoint =
        backend.endpoints().get(Math.floorMod(roundRobin.getAndIncrement(), backend.endpoints().size()));
    headers.add("X-Remote-User", user.name());
    user.groups().forEach(group -> headers.add("X-Remote-Group", group));
    user.extra().forEach((key, values) -> values.forEach(value ->
        headers.add("X-Remote-Extra-" + URLEncoder.encode(key, StandardCharsets.UTF_8), value)));
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setServer(endpoint)
        .setHost(backend.serverName())
        .setPort(443)
        .setURI(uri)
        .setHeaders(headers);
    return client(backend.caBundle()).request(options);
  }

  /**
   * One client per caBundle: a rotated bundle gets a client that trusts exactly the new bundle. No keep-alive:
   * every proxied request makes its own TLS handshake, so whatever certificate the apiserver serves is verified
   * by the very next request (stricter than kube-aggregator's pooled connections, which would hide a bad
   * certificate until a connection is replaced).
   */
  private HttpClient client(String caBundle) {
    return clientsByCaBundle.computeIfAbsent(caBundle, bundle -> vertx.createHttpClient(new HttpClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setForceSni(true)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(bundle)))
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(proxyClient.certificatePem()))
            .setKeyValue(Buffer.buffer(proxyClient.privateKeyPem())))
        .setKeepAlive(false)
        .setMaxPoolSize(100)
        .setConnectTimeout(5000)));
  }

  private static void json(HttpServerResponse response, String body) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  private static void notFound(HttpServerResponse response) {
    response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end("404 page not found\n");
  }

  private static void status(HttpServerResponse response, int code, String reason, String message) {
    response.setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
            .withMessage(message).withNewMetadata().endMetadata().build()));
  }

  @Override
  public void close() {
    controller.shutdownNow();
    try {
      controller.awaitTermination(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("closing the aggregator", e);
    }
  }
}
