package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.authn.ExtensionApiserverAuthentication;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * fabric8's kubernetes-server-mock playing kube-apiserver for a delegated server: the ConfigMaps in CRUD mode
 * (so that informers list and watch them), TokenReview answered from a token table, SubjectAccessReview
 * answered by a policy. Every review body received is recorded for the tests to inspect.
 */
public final class FakeKubeApiserver implements AutoCloseable {
  public static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  public static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Map<String, JsonNode> users = new ConcurrentHashMap<>();
  private final List<JsonNode> tokenReviews = new CopyOnWriteArrayList<>();
  private final List<JsonNode> accessReviews = new CopyOnWriteArrayList<>();
  private final Function<JsonNode, Reply> accessPolicy;

  /** A reply of the fake: a status code and a JSON body. */
  public record Reply(int code, Object body) {}

  private FakeKubeApiserver(Function<JsonNode, Reply> accessPolicy) {
    this.accessPolicy = accessPolicy;
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
    server.init();
    server.expect().post().withPath(TOKEN_REVIEWS).andReply(new Answer(this::reviewToken)).always();
    server.expect().post().withPath(ACCESS_REVIEWS).andReply(new Answer(this::reviewAccess)).always();
    client = server.createClient();
  }

  /**
   * @param accessPolicy answers a SubjectAccessReview's {@code spec} with a status code and body (use
   *     {@link #allowed}, {@link #denied}, {@link #noOpinion} or a Status for a failure)
   */
  public static FakeKubeApiserver start(Function<JsonNode, Reply> accessPolicy) {
    return new FakeKubeApiserver(accessPolicy);
  }

  /** TokenReview authenticates {@code token} as this user. */
  public void addToken(String token, String user, String uid, List<String> groups) {
    users.put(token, Json.mapper().valueToTree(Map.of("username", user, "uid", uid, "groups", groups)));
  }

  public void putAuthenticationConfigMap(Map<String, String> data) {
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(ExtensionApiserverAuthentication.NAMESPACE)
            .withName(ExtensionApiserverAuthentication.NAME)
            .endMetadata()
            .withData(data)
            .build();
    client.configMaps().resource(configMap).createOr(existing -> existing.update());
  }

  /** A kubeconfig for this server, written in {@code dir}. */
  public Path writeKubeconfig(Path dir) throws IOException {
    String url = "http://" + server.getHostName() + ":" + server.getPort();
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: %s
        contexts:
        - name: fake
          context:
            cluster: fake
            user: wardle-apiserver
        current-context: fake
        users:
        - name: wardle-apiserver
          user:
            token: service-account-token
        """
            .formatted(url);
    Path file = dir.resolve("kube-apiserver.kubeconfig");
    Files.writeString(file, kubeconfig);
    return file;
  }

  public List<JsonNode> tokenReviews() {
    return List.copyOf(tokenReviews);
  }

  public List<JsonNode> accessReviews() {
    return List.copyOf(accessReviews);
  }

  /** The SubjectAccessReview specs received for {@code user}. */
  public List<JsonNode> accessReviewsOf(String user) {
    return accessReviews.stream().map(review -> review.path("spec")).filter(spec -> spec.path("user").asText().equals(user)).toList();
  }

  public static Reply allowed(String reason) {
    return new Reply(200, status(Map.of("allowed", true, "reason", reason)));
  }

  public static Reply denied(String reason) {
    return new Reply(200, status(Map.of("allowed", false, "denied", true, "reason", reason)));
  }

  public static Reply noOpinion() {
    return new Reply(200, status(Map.of("allowed", false)));
  }

  /** kube-apiserver refusing the review itself (the server's service account lacks system:auth-delegator). */
  public static Reply forbiddenToReview(String message) {
    return new Reply(
        403,
        new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403).withMessage(message).build());
  }

  private static Map<String, Object> status(Map<String, Object> status) {
    return Map.of(
        "apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview", "status", status);
  }

  private Reply reviewToken(JsonNode review) {
    tokenReviews.add(review);
    JsonNode user = users.get(review.path("spec").path("token").asText());
    Map<String, Object> status =
        user == null ? Map.of("authenticated", false) : Map.of("authenticated", true, "user", user);
    return new Reply(
        201, Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status));
  }

  private Reply reviewAccess(JsonNode review) {
    accessReviews.add(review);
    return accessPolicy.apply(review.path("spec"));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /** Answers a POST from its JSON body; the status code and the body come from one decision. */
  private static final class Answer implements ResponseProvider<Object> {
    private final Function<JsonNode, Reply> decide;
    private final Map<RecordedRequest, Reply> replies = new ConcurrentHashMap<>();
    private Headers headers = new Headers.Builder().build();

    Answer(Function<JsonNode, Reply> decide) {
      this.decide = decide;
    }

    private Reply reply(RecordedRequest request) {
      return replies.computeIfAbsent(request, r -> {
        try {
          return decide.apply(Json.mapper().readTree(r.getUtf8Body()));
        } catch (IOException e) {
          return new Reply(400, Map.of("kind", "Status", "message", e.getMessage()));
        }
      });
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
      return reply(request).code();
    }

    @Override
    public Object getBody(RecordedRequest request) {
      Reply decided = replies.remove(request);
      return decided != null ? decided.body() : reply(request).body();
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
