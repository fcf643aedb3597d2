package dev.aggregation.bench.jmh;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.authz.Decision;
import dev.aggregation.apiserver.authz.SubjectAccessReviewAuthorizer;
import dev.aggregation.apiserver.filters.RequestInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The delegated authorizer's cache hit: the first review is answered by a real HTTP round trip to fabric8's
 * Kubernetes mock server, which answers it only once, so every measured call is served from the cache (a miss
 * would fail the run). Baseline: the bare Guava cache lookup with a ready key.
 */
@State(Scope.Benchmark)
public class AuthorizationCacheBenchmark {
  private KubernetesMockServer server;
  private KubernetesClient client;
  private SubjectAccessReviewAuthorizer authorizer;
  private final UserInfo user = UserInfo.of("alice", List.of("developers", UserInfo.AUTHENTICATED));
  private final RequestInfo request =
      new RequestInfo(true, "/apis/wardle.example.com/v1beta1/namespaces/default/flunders/f-1", "get", "apis",
          "wardle.example.com", "v1beta1", "default", "flunders", "", "f-1", List.of("flunders", "f-1"));
  private final Cache<String, Boolean> bareCache = CacheBuilder.newBuilder().maximumSize(8192).expireAfterWrite(Duration.ofMinutes(5)).build();
  private final String bareKey =
      "{\"resourceAttributes\":{\"group\":\"wardle.example.com\",\"name\":\"f-1\",\"namespace\":\"default\",\"resource\":\"flunders\",\"verb\":\"get\",\"version\":\"v1beta1\"},\"user\":\"alice\",\"groups\":[\"developers\",\"system:authenticated\"]}";

  @Setup
  public void setUp() {
    server = new KubernetesMockServer(false);
    server.init();
    SubjectAccessReview allowed = new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).withReason("bench").endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReturn(201, allowed).once();
    client = server.createClient();
    authorizer = new SubjectAccessReviewAuthorizer(client, Duration.ofMinutes(5), Duration.ofSeconds(30));
    Decision first = authorizer.authorize(user, request);
    if (first.verdict() != Decision.Verdict.ALLOW) {
      throw new IllegalStateException("the mock's review did not allow: " + first);
    }
    bareCache.put(bareKey, Boolean.TRUE);
  }

  @TearDown
  public void tearDown() {
    client.close();
    server.destroy();
  }

  @Benchmark
  public Boolean authorizationBaselineBareCacheLookup() {
    return bareCache.getIfPresent(bareKey);
  }

  @Benchmark
  public Decision subjectAccessReviewCacheHit() {
    return authorizer.authorize(user, request);
  }
}
