package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.filters.RequestStage;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GoStrings;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization filter, a step of the {@link dev.aggregation.apiserver.filters.StageChain} after
 * authentication and the request-info filter: authorizers may block (SubjectAccessReview) unless their decision
 * is cached. Only an explicit allow lets the
 * request through; a deny or no opinion ends it with Kubernetes' 403, an authorizer failure with its plain-text
 * 500 — never an allow.
 */
public final class AuthorizationHandler implements RequestStage {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationHandler.class);

  private final Authorizer authorizer;

  public AuthorizationHandler(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public boolean admit(RoutingContext ctx) {
    return WouldBlock.blocking(() -> admit(ctx, authorizer::authorize));
  }

  @Override
  public boolean admitWithoutBlocking(RoutingContext ctx) throws WouldBlock {
    return admit(ctx, authorizer::authorizeWithoutBlocking);
  }

  /** An authorizer's decision, blocking or not. */
  @FunctionalInterface
  public interface Authorization {
    Decision of(UserInfo user, RequestInfo request) throws WouldBlock;
  }

  private boolean admit(RoutingContext ctx, Authorization authorization) throws WouldBlock {
    UserInfo user =
        RequestContext.user(ctx)
            .orElseThrow(() -> new IllegalStateException("authorization runs before authentication set a user"));
    RequestInfo request =
        RequestContext.requestInfo(ctx)
            .orElseThrow(() -> new IllegalStateException("authorization runs before the request info was set"));
    Decision decision;
    try {
      decision = authorization.of(user, request);
    } catch (RuntimeException e) {
      LOG.error("authorizer failed for {} {} by {}", request.verb(), request.path(), user.name(), e);
      StatusResponse.internalError(ctx.response(), ctx.request().uri(), e);
      return false;
    }
    if (decision.verdict() == Decision.Verdict.ALLOW) {
      return true;
    }
    LOG.debug("forbidden: {} {} by {}: {}", request.verb(), request.path(), user.name(), decision.reason());
    StatusResponse.write(ctx.response(), forbidden(user, request, decision.reason()));
    return false;
  }

  /** The 403 of k8s.io/apiserver's responsewriters.Forbidden, message and details alike. */
  public static ApiException forbidden(UserInfo user, RequestInfo request, String reason) {
    String message = StatusResponse.escapeHtml(forbiddenMessage(user, request));
    String withReason = reason.isEmpty() ? message : message + ": " + reason;
    if (!request.resourceRequest()) {
      return ApiErrors.forbiddenPath(withReason);
    }
    return ApiErrors.forbidden(new GroupResource(request.apiGroup(), request.resource()), request.name(), withReason);
  }

  private static String forbiddenMessage(UserInfo user, RequestInfo request) {
    String subject = "User " + GoStrings.quote(user.name()) + " cannot " + request.verb();
    if (!request.resourceRequest()) {
      return subject + " path " + GoStrings.quote(request.path());
    }
    String resource =
        request.subresource().isEmpty() ? request.resource() : request.resource() + "/" + request.subresource();
    String scope =
        request.namespace().isEmpty()
            ? " at the cluster scope"
            : " in the namespace " + GoStrings.quote(request.namespace());
    return subject
        + " resource "
        + GoStrings.quote(resource)
        + " in API group "
        + GoStrings.quote(request.apiGroup())
        + scope;
  }
}
