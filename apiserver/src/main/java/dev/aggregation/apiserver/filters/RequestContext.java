package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.authn.UserInfo;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What the filters learn about a request and hand to the later stages, kept in the {@link RoutingContext}'s
 * data under these keys: the request info (set by the request-info filter) and the user (set by
 * authentication, replaced by impersonation, read by audit, authorization and admission).
 */
public final class RequestContext {
  public static final String USER = "dev.aggregation.apiserver.user";
  public static final String AUTHENTICATED_USER = "dev.aggregation.apiserver.authenticatedUser";
  public static final String IMPERSONATED_USER = "dev.aggregation.apiserver.impersonatedUser";
  public static final String REQUEST_INFO = "dev.aggregation.apiserver.requestInfo";

  private RequestContext() {}

  /** The user the request acts as: the impersonated one when the request impersonates, else who sent it. */
  public static Optional<UserInfo> user(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(USER));
  }

  /** Sets the authenticated user, who is also the user the request acts as until impersonation replaces it. */
  public static void setUser(RoutingContext ctx, UserInfo user) {
    ctx.put(AUTHENTICATED_USER, user);
    ctx.put(USER, user);
  }

  /**
   * Who sent the request, as authentication established it, even when it impersonates someone else (audit's
   * {@code user}).
   */
  public static Optional<UserInfo> authenticatedUser(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(AUTHENTICATED_USER));
  }

  /** The user an allowed impersonation acts as (audit's {@code impersonatedUser}); empty without impersonation. */
  public static Optional<UserInfo> impersonatedUser(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(IMPERSONATED_USER));
  }

  /** Makes the request act as {@code impersonated}; the authenticated user stays readable. */
  public static void impersonate(RoutingContext ctx, UserInfo impersonated) {
    if (ctx.get(AUTHENTICATED_USER) == null) {
      throw new IllegalStateException("impersonation runs before authentication set a user");
    }
    ctx.put(IMPERSONATED_USER, impersonated);
    ctx.put(USER, impersonated);
  }

  public static Optional<RequestInfo> requestInfo(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(REQUEST_INFO));
  }

  public static void setRequestInfo(RoutingContext ctx, RequestInfo requestInfo) {
    ctx.put(REQUEST_INFO, requestInfo);
  }
}
