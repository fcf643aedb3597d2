package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.authn.UserInfo;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What the filters learn about a request and hand to the later stages, kept in the {@link RoutingContext}'s
 * data under these keys: the request info (set by the request-info filter) and the authenticated user (set by
 * authentication, read by audit, impersonation, authorization and admission).
 */
public final class RequestContext {
  public static final String USER = "dev.aggregation.apiserver.user";
  public static final String REQUEST_INFO = "dev.aggregation.apiserver.requestInfo";

  private RequestContext() {}

  public static Optional<UserInfo> user(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(USER));
  }

  public static void setUser(RoutingContext ctx, UserInfo user) {
    ctx.put(USER, user);
  }

  public static Optional<RequestInfo> requestInfo(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(REQUEST_INFO));
  }

  public static void setRequestInfo(RoutingContext ctx, RequestInfo requestInfo) {
    ctx.put(REQUEST_INFO, requestInfo);
  }
}
