package dev.aggregation.apiserver.impersonation;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.authz.AuthorizationHandler;
import dev.aggregation.apiserver.authz.Authorizer;
import dev.aggregation.apiserver.authz.Decision;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestStage;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k8s.io/apiserver's impersonation filter, a step of the {@link dev.aggregation.apiserver.filters.StageChain}
 * after authentication and before authorization: each requested user, service account, group, extra value and UID
 * must be allowed by the authorizer ({@code impersonate} on {@code users}, {@code serviceaccounts},
 * {@code groups}, {@code userextras/<key>} or {@code uids}); the first that is not ends the request with
 * Kubernetes' 403. Then the request acts as the impersonated user (with {@code system:authenticated}, or
 * {@code system:unauthenticated} for {@code system:anonymous}, added as Kubernetes adds them), the authenticated
 * one stays available for audit ({@link RequestContext#authenticatedUser}), and the headers are removed.
 */
public final class ImpersonationHandler implements RequestStage {
  private static final Logger LOG = LoggerFactory.getLogger(ImpersonationHandler.class);

  private final Authorizer authorizer;

  public ImpersonationHandler(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public boolean admit(RoutingContext ctx) {
    return WouldBlock.blocking(() -> admit(ctx, authorizer::authorize));
  }

  /** Without blocking when every impersonation asked for is decided by a local rule or a cached review. */
  @Override
  public boolean admitWithoutBlocking(RoutingContext ctx) throws WouldBlock {
    return admit(ctx, authorizer::authorizeWithoutBlocking);
  }

  private boolean admit(RoutingContext ctx, AuthorizationHandler.Authorization authorization) throws WouldBlock {
    List<ImpersonationTarget> targets;
    try {
      targets = ImpersonationHeaders.parse(ctx.request().headers());
    } catch (ApiException e) {
      StatusResponse.write(ctx.response(), e);
      return false;
    }
    if (targets.isEmpty()) {
      return true;
    }
    UserInfo requester =
        RequestContext.user(ctx)
            .orElseThrow(() -> new IllegalStateException("impersonation runs before authentication set a user"));
    boolean groupsSpecified = !ctx.request().headers().getAll(ImpersonationHeaders.GROUP).isEmpty();
    String name = "";
    String uid = "";
    List<String> groups = new ArrayList<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (ImpersonationTarget target : targets) {
      switch (target.kind()) {
        case USER -> name = target.name();
        case SERVICE_ACCOUNT -> {
          name = "system:serviceaccount:" + target.namespace() + ":" + target.name();
          if (!groupsSpecified) {
            groups.addAll(List.of("system:serviceaccounts", "system:serviceaccounts:" + target.namespace()));
          }
        }
        case GROUP -> groups.add(target.name());
        case USER_EXTRA -> extra.computeIfAbsent(target.extraKey(), key -> new ArrayList<>()).add(target.name());
        case UID -> uid = target.name();
      }
      Optional<ApiException> denial = denial(authorization, requester, target);
      if (denial.isPresent()) {
        StatusResponse.write(ctx.response(), denial.get());
        return false;
      }
    }
    UserInfo impersonated = new UserInfo(name, uid, withMarkerGroup(name, groups), extra);
    LOG.debug("{} is impersonating {}", requester.name(), impersonated.name());
    RequestContext.impersonate(ctx, impersonated);
    ImpersonationHeaders.clear(ctx.request().headers());
    return true;
  }

  /** Kubernetes' 403 unless the authorizer allows; an authorizer failure is a 403 too here, as in Kubernetes. */
  private static Optional<ApiException> denial(AuthorizationHandler.Authorization authorization, UserInfo requester, ImpersonationTarget target)
      throws WouldBlock {
    Decision decision;
    try {
      decision = authorization.of(requester, target.attributes());
    } catch (RuntimeException e) {
      LOG.warn("authorizing {} to impersonate {} failed", requester.name(), target.goValue(), e);
      return Optional.of(AuthorizationHandler.forbidden(requester, target.attributes(), ""));
    }
    if (decision.verdict() == Decision.Verdict.ALLOW) {
      return Optional.empty();
    }
    return Optional.of(AuthorizationHandler.forbidden(requester, target.attributes(), decision.reason()));
  }

  /**
   * A non-anonymous user gets system:authenticated unless either marker group was asked for; system:anonymous
   * gets system:unauthenticated unless it was asked for.
   */
  private static List<String> withMarkerGroup(String name, List<String> groups) {
    List<String> result = new ArrayList<>(groups);
    if (!name.equals(UserInfo.ANONYMOUS)) {
      if (!groups.contains(UserInfo.AUTHENTICATED) && !groups.contains(UserInfo.UNAUTHENTICATED)) {
        result.add(UserInfo.AUTHENTICATED);
      }
    } else if (!groups.contains(UserInfo.UNAUTHENTICATED)) {
      result.add(UserInfo.UNAUTHENTICATED);
    }
    return result;
  }
}
