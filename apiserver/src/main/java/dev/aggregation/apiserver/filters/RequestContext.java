package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.authn.UserInfo;
import io.vertx.ext.web.RoutingContext;

/** Typed access to what the handler chain stores on a request as it passes the stages. */
public final class RequestContext {
  private static final String REQUEST_INFO = "requestInfo";
  private static final String USER = "user";

  private RequestContext() {}

  public static RequestInfo requestInfo(RoutingContext ctx) {
    return ctx.get(REQUEST_INFO);
  }

  public static void setRequestInfo(RoutingContext ctx, RequestInfo info) {
    ctx.put(REQUEST_INFO, info);
  }

  public static UserInfo user(RoutingContext ctx) {
    return ctx.get(USER);
  }

  public static void setUser(RoutingContext ctx, UserInfo user) {
    ctx.put(USER, user);
  }
}
