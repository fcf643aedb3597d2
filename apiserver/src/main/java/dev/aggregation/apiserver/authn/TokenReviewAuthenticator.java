package dev.aggregation.apiserver.authn;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.ExecutionError;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens checked by kube-apiserver: a {@code TokenReview} (authentication.k8s.io/v1, no audiences, as
 * the delegating authenticator sends it) per token not seen within the cache TTL
 * ({@code --authentication-token-webhook-cache-ttl}). As Kubernetes' cached webhook authenticator does, it
 * caches authenticated users and plain rejections, but not errors: a review that failed to reach
 * kube-apiserver, or a rejection that carries {@code status.error}, is asked again next time. Every failure is
 * a 401 for the client. Concurrent requests with one token share one review.
 */
public final class TokenReviewAuthenticator implements Authenticator {
  /** The same bound as Kubernetes' token cache. */
  private static final int CACHE_SIZE = 4096;

  private final Function<TokenReview, TokenReview> reviews;
  private final Cache<String, Review> cache;
  private final SecretKeySpec cacheKeySecret;

  /** @param client blocking calls: authenticate only from worker threads */
  public TokenReviewAuthenticator(KubernetesClient client, Duration cacheTtl) {
    this(review -> client.authentication().v1().tokenReviews().create(review), cacheTtl);
  }

  TokenReviewAuthenticator(Function<TokenReview, TokenReview> reviews, Duration cacheTtl) {
    this.reviews = reviews;
    this.cache = CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(cacheTtl).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.cacheKeySecret = new SecretKeySpec(secret, "HmacSHA256");
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    Optional<String> token = BearerToken.from(request.headers());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Review review;
    try {
      review = cache.get(fingerprint(token.get()), () -> review(token.get()));
    } catch (ExecutionException | UncheckedExecutionException | ExecutionError e) {
      if (e.getCause() instanceof AuthenticationException failure) {
        throw failure;
      }
      throw new AuthenticationException("token review failed: " + e.getCause(), e.getCause());
    }
    return userOf(review);
  }

  /** From the cache only: a token reviewed recently enough is answered on the event loop. */
  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException, WouldBlock {
    Optional<String> token = BearerToken.from(request.headers());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Review review = cache.getIfPresent(fingerprint(token.get()));
    if (review == null) {
      throw new WouldBlock("a TokenReview of a token not reviewed recently");
    }
    return userOf(review);
  }

  private static Optional<UserInfo> userOf(Review review) throws AuthenticationException {
    if (review.user().isEmpty()) {
      throw new AuthenticationException("invalid bearer token");
    }
    return review.user();
  }

  /** Throws for what must not be cached: transport failures and rejections with an error. */
  private Review review(String token) throws AuthenticationException {
    TokenReview result;
    try {
      result = reviews.apply(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    } catch (KubernetesClientException e) {
      throw new AuthenticationException("Failed to make webhook authenticator request: " + e.getMessage(), e);
    }
    TokenReviewStatus status = result == null ? null : result.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      if (status != null && status.getError() != null && !status.getError().isEmpty()) {
        throw new AuthenticationException(status.getError());
      }
      return new Review(Optional.empty());
    }
    io.fabric8.kubernetes.api.model.authentication.UserInfo user = status.getUser();
    if (user == null) {
      return new Review(Optional.of(new UserInfo("", "", List.of(), Map.of())));
    }
    return new Review(
        Optional.of(
            new UserInfo(
                user.getUsername() == null ? "" : user.getUsername(),
                user.getUid(),
                user.getGroups() == null ? List.of() : user.getGroups(),
                user.getExtra() == null ? Map.of() : user.getExtra())));
  }

  /**
   * The cache never holds a token, only its HMAC under a per-process random key (as Kubernetes' token cache
   * keys it), worthless outside this process.
   */
  private String fingerprint(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKeySecret);
      return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no HmacSHA256", e);
    }
  }

  /** A review's outcome worth caching: the user, or empty for a plain rejection. */
  private record Review(Optional<UserInfo> user) {}
}
