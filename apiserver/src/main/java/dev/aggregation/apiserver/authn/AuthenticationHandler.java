package dev.aggregation.apiserver.authn;

import dev.aggregation.apiserver.filters.HeaderPrefix;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestStage;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication filter, a step of the {@link dev.aggregation.apiserver.filters.StageChain}: authenticators
 * may block (TokenReview), unless their answer is cached. A request whose credentials are rejected — or that nobody recognises when no anonymous
 * fallback is configured — ends with 401 {@code Unauthorized}; otherwise the user is stored with
 * {@link RequestContext#setUser} and the {@code Authorization} header and the front-proxy headers (the standard
 * {@code X-Remote-*} ones and the configured ones) are removed, so that no later stage or handler sees a
 * credential or mistakes a header for an identity.
 */
public final class AuthenticationHandler implements RequestStage {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationHandler.class);

  private final Authenticator authenticator;
  private final Supplier<Optional<RequestHeaderConfig>> proxyHeaders;
  private final PeerCertificates peerCertificates = new PeerCertificates();

  /** A handler for a server without a front proxy: only the standard front-proxy headers are cleared. */
  public AuthenticationHandler(Authenticator authenticator) {
    this(authenticator, Optional::empty);
  }

  /** @param proxyHeaders the front proxy's current header settings, whose headers are cleared too */
  public AuthenticationHandler(Authenticator authenticator, Supplier<Optional<RequestHeaderConfig>> proxyHeaders) {
    this.authenticator = authenticator;
    this.proxyHeaders = proxyHeaders;
  }

  @Override
  public boolean admit(RoutingContext ctx) {
    return WouldBlock.blocking(() -> admit(ctx, authenticator::authenticate));
  }

  @Override
  public boolean admitWithoutBlocking(RoutingContext ctx) throws WouldBlock {
    return admit(ctx, authenticator::authenticateWithoutBlocking);
  }

  /** An authenticator's answer, blocking or not. */
  @FunctionalInterface
  private interface Authentication {
    Optional<UserInfo> of(AuthenticationRequest request) throws AuthenticationException, WouldBlock;
  }

  private boolean admit(RoutingContext ctx, Authentication authentication) throws WouldBlock {
    HttpServerRequest request = ctx.request();
    Optional<UserInfo> user;
    try {
      user = authentication.of(new AuthenticationRequest(request.headers(), peerCertificates.of(request.sslSession())));
    } catch (AuthenticationException e) {
      LOG.warn("Unable to authenticate the request {} {}: {}", request.method(), request.path(), e.getMessage());
      unauthorized(ctx);
      return false;
    }
    if (user.isEmpty()) {
      unauthorized(ctx);
      return false;
    }
    if (user.get().name().equals(UserInfo.ANONYMOUS)) {
      closeHttp2ConnectionAfterResponse(ctx);
    }
    RequestContext.setUser(ctx, user.get());
    request.headers().remove("Authorization");
    clear(request.headers(), RequestHeaderConfig.STANDARD);
    proxyHeaders.get().ifPresent(configured -> clear(request.headers(), configured));
    return true;
  }

  private static void clear(MultiMap headers, RequestHeaderConfig config) {
    config.usernameHeaders().forEach(headers::remove);
    config.uidHeaders().forEach(headers::remove);
    config.groupHeaders().forEach(headers::remove);
    for (String prefix : config.extraHeaderPrefixes()) {
      HeaderPrefix.removeAll(headers, prefix);
    }
  }

  private static void unauthorized(RoutingContext ctx) {
    closeHttp2ConnectionAfterResponse(ctx);
    StatusResponse.write(ctx.response(), ApiErrors.unauthorized());
  }

  /**
   * Kubernetes' UnauthenticatedHTTP2DOSMitigation: an unauthenticated client may not keep an HTTP/2
   * connection (and its many streams) open, the connection is shut down (GOAWAY) once the answer is sent.
   */
  private static void closeHttp2ConnectionAfterResponse(RoutingContext ctx) {
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      ctx.addEndHandler(done -> ctx.request().connection().shutdown());
    }
  }
}
