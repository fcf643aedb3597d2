package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.authn.UserInfo;
import io.vertx.ext.web.RoutingContext;

/**
 * Typed access to what the filters learn about a request and later stages read, kept in the
 * {@link RoutingContext}'s data so that it lives exactly as long as the request.
 */
public final class RequestContext {
  private static final String REQUEST_INFO = "requestInfo";
  private static final String USER = "user";

  private RequestContext() {}

  /** The request's attributes, or {@code null} before the request-info filter ran. */
  public static RequestInfo requestInfo(RoutingContext ctx) {
    return ctx.get(REQUEST_INFO);
  }

  public static void setRequestInfo(RoutingContext ctx, RequestInfo info) {
    ctx.put(REQUEST_INFO, info);
  }

  /** The authenticated user, or {@code null} before authentication ran. */
  public static UserInfo user(RoutingContext ctx) {
    return ctx.get(USER);
  }

  public static void setUser(RoutingContext ctx, UserInfo user) {
    ctx.put(USER, user);
  }
}
