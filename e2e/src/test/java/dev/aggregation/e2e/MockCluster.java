package dev.aggregation.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aggregation.apiserver.authn.ClusterAuthenticationInfo;
import dev.aggregation.apiserver.authn.ExtensionApiserverAuthentication;
import dev.aggregation.apiserver.server.tls.Pem;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * fabric8's kubernetes-server-mock playing kube-apiserver: CRUD of every kind (the operator's ApiServer CRD
 * included), TokenReview from a token table, SubjectAccessReview decided by {@link AccessRules}, and the
 * extension-apiserver-authentication ConfigMap kube-apiserver publishes for extension apiservers.
 */
final class MockCluster implements AutoCloseable {
  static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final AccessRules rules = new AccessRules();
  private final java.util.List<JsonNode> tokenReviews = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<JsonNode> accessReviews = new java.util.concurrent.CopyOnWriteArrayList<>();

  MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(
        new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
    server.init();
    server.expect().post().withPath(TOKEN_REVIEWS).andReply(new JsonAnswer(201, this::reviewToken)).always();
    server.expect().post().withPath(ACCESS_REVIEWS).andReply(new JsonAnswer(201, this::reviewAccess)).always();
    client = server.createClient();
    for (String namespace : List.of("default", "kube-system", "kube-public")) {
      createNamespace(namespace);
    }
  }

  KubernetesClient client() {
    return client;
  }

  AccessRules rules() {
    return rules;
  }

  void createNamespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** kube-apiserver's bearer token authenticator (and TokenReview) knows {@code token} as {@code identity}. */
  void addToken(String token, Identity identity) {
    tokens.put(token, identity);
  }

  /** The user a bearer token authenticates as, if any. */
  java.util.Optional<Identity> authenticate(String token) {
    return java.util.Optional.ofNullable(tokens.get(token));
  }

  /** What kube-apiserver publishes: its client CA and the front-proxy CA with the standard headers. */
  void publishAuthentication(X509Certificate clientCa, X509Certificate requestHeaderCa, String proxyName) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ClusterAuthenticationInfo.CLIENT_CA, Pem.encodeCertificate(clientCa));
    data.put(ClusterAuthenticationInfo.REQUESTHEADER_CA, Pem.encodeCertificate(requestHeaderCa));
    data.put(ClusterAuthenticationInfo.ALLOWED_NAMES, "[\"" + proxyName + "\"]");
    data.put(ClusterAuthenticationInfo.USERNAME_HEADERS, "[\"X-Remote-User\"]");
    data.put(ClusterAuthenticationInfo.GROUP_HEADERS, "[\"X-Remote-Group\"]");
    data.put(ClusterAuthenticationInfo.EXTRA_HEADERS_PREFIX, "[\"X-Remote-Extra-\"]");
    client.configMaps().resource(new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(ExtensionApiserverAuthentication.NAMESPACE)
            .withName(ExtensionApiserverAuthentication.NAME)
            .endMetadata()
            .withData(data)
            .build())
        .create();
  }

  /**
   * A kubeconfig for this cluster as a pod's service account would reach it (the mock speaks plain HTTP and
   * checks no token; the reviews it answers are what matters).
   */
  Path writeKubeconfig(Path file, String serviceAccount) {
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: http://%s:%d
        contexts:
        - name: mock
          context:
            cluster: mock
            user: %s
        current-context: mock
        users:
        - name: %s
          user:
            token: %s-token
        """.formatted(server.getHostName(), server.getPort(), serviceAccount, serviceAccount, serviceAccount);
    try {
      return Files.writeString(file, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** Every TokenReview received. */
  List<JsonNode> tokenReviews() {
    return List.copyOf(tokenReviews);
  }

  private Map<String, Object> reviewToken(JsonNode review) {
    tokenReviews.add(review);
    Identity user = tokens.get(review.path("spec").path("token").asText());
    Map<String, Object> status = user == null
        ? Map.of("authenticated", false)
        : Map.of("authenticated", true, "user", Map.of("username", user.name(), "groups", user.groups()));
    return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status);
  }

  /** The specs of the SubjectAccessReviews received for {@code user}. */
  List<JsonNode> accessReviewsOf(String user) {
    return accessReviews.stream().map(review -> review.path("spec"))
        .filter(spec -> spec.path("user").asText().equals(user)).toList();
  }

  private Map<String, Object> reviewAccess(JsonNode review) {
    accessReviews.add(review);
    Map<String, Object> status = switch (rules.decide(review.path("spec"))) {
      case ALLOW -> Map.of("allowed", true, "reason", "allowed by the test's RBAC");
      case NO_OPINION -> Map.of("allowed", false);
    };
    return Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview", "status", status);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /** Answers a POST from its JSON body; the decision functions are pure, so asking twice is harmless. */
  private static final class JsonAnswer implements ResponseProvider<Object> {
    private final int code;
    private final Function<JsonNode, Object> answer;
    private Headers headers = new Headers.Builder().build();

    JsonAnswer(int code, Function<JsonNode, Object> answer) {
      this.code = code;
      this.answer = answer;
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
      return code;
    }

    @Override
    public Object getBody(RecordedRequest request) {
      try {
        return answer.apply(JSON.readTree(request.getUtf8Body()));
      } catch (IOException e) {
        throw new UncheckedIOException("an unreadable review: " + request.getUtf8Body(), e);
      }
    }

    @Override
    public Headers getHeaders() {
      return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
      this.headers = headers;
    }
  }
}
