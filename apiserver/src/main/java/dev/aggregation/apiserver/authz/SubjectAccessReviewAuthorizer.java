package dev.aggregation.apiserver.authz;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The cluster's RBAC decides: a {@code SubjectAccessReview} (authorization.k8s.io/v1) with the attributes
 * Kubernetes derives from the request, as k8s.io/apiserver's webhook authorizer sends it. {@code denied} is a
 * deny with the review's reason, {@code allowed} an allow, neither no opinion (403 in the end), both an error.
 * A review that cannot be made throws (500, never an allow). Answers are cached by what the spec is made of
 * (which stands for the spec's JSON, Kubernetes' cache key, without encoding it per request): allowed ones
 * for {@code --authorization-webhook-cache-authorized-ttl}, the others for
 * {@code --authorization-webhook-cache-unauthorized-ttl}; requests whose attributes are 10000 characters or more
 * are not cached.
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {
  /** Kubernetes' bound for the webhook authorizer's answer cache. */
  private static final int CACHE_SIZE = 8192;
  private static final int MAX_CACHED_ATTRIBUTES_LENGTH = 10000;

  private final Function<SubjectAccessReview, SubjectAccessReview> reviews;
  private final Cache<SubjectAccessReviews.Key, SubjectAccessReviewStatus> allowed;
  private final Cache<SubjectAccessReviews.Key, SubjectAccessReviewStatus> unauthorized;

  /** @param client blocking calls: authorize only from worker threads */
  public SubjectAccessReviewAuthorizer(KubernetesClient client, Duration authorizedTtl, Duration unauthorizedTtl) {
    this(review -> client.authorization().v1().subjectAccessReview().create(review), authorizedTtl, unauthorizedTtl);
  }

  SubjectAccessReviewAuthorizer(
      Function<SubjectAccessReview, SubjectAccessReview> reviews, Duration authorizedTtl, Duration unauthorizedTtl) {
    this.reviews = reviews;
    this.allowed = CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(authorizedTtl).build();
    this.unauthorized = CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(unauthorizedTtl).build();
  }

  @Override
  public Decision authorize(UserInfo user, RequestInfo request) {
    SubjectAccessReviews.Key key = SubjectAccessReviews.key(user, request);
    SubjectAccessReviewStatus status = allowed.getIfPresent(key);
    if (status == null) {
      status = unauthorized.getIfPresent(key);
    }
    if (status == null) {
      status = review(SubjectAccessReviews.spec(user, request));
      if (cacheable(request)) {
        (Boolean.TRUE.equals(status.getAllowed()) ? allowed : unauthorized).put(key, status);
      }
    }
    return decision(status);
  }

  /** From the cache only: a decision made recently enough is answered on the event loop. */
  @Override
  public Decision authorizeWithoutBlocking(UserInfo user, RequestInfo request) throws WouldBlock {
    SubjectAccessReviews.Key key = SubjectAccessReviews.key(user, request);
    SubjectAccessReviewStatus status = allowed.getIfPresent(key);
    if (status == null) {
      status = unauthorized.getIfPresent(key);
    }
    if (status == null) {
      throw new WouldBlock("a SubjectAccessReview not made recently");
    }
    return decision(status);
  }

  private static Decision decision(SubjectAccessReviewStatus status) {
    boolean isAllowed = Boolean.TRUE.equals(status.getAllowed());
    boolean isDenied = Boolean.TRUE.equals(status.getDenied());
    String reason = status.getReason() == null ? "" : status.getReason();
    if (isAllowed && isDenied) {
      throw new IllegalStateException("webhook subject access review returned both allow and deny response");
    }
    if (isDenied) {
      return Decision.deny(reason);
    }
    if (isAllowed) {
      return Decision.allow(reason);
    }
    return new Decision(Decision.Verdict.NO_OPINION, reason);
  }

  private SubjectAccessReviewStatus review(SubjectAccessReviewSpec spec) {
    SubjectAccessReview result;
    try {
      result = reviews.apply(new SubjectAccessReviewBuilder().withSpec(spec).build());
    } catch (KubernetesClientException e) {
      // the client error itself, as Kubernetes reports it in the 500
      throw new IllegalStateException(describe(e), e);
    }
    if (result == null || result.getStatus() == null) {
      return new SubjectAccessReviewStatus();
    }
    return result.getStatus();
  }

  /** The request attributes' summed length, as Kubernetes' shouldCache measures it. */
  private static boolean cacheable(RequestInfo request) {
    long length =
        (long) request.namespace().length()
            + request.verb().length()
            + request.apiGroup().length()
            + request.apiVersion().length()
            + request.resource().length()
            + request.subresource().length()
            + request.name().length()
            + request.path().length();
    return length < MAX_CACHED_ATTRIBUTES_LENGTH;
  }

  private static String describe(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
