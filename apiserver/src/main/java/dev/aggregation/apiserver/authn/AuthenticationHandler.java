package dev.aggregation.apiserver.authn;

import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.StatusResponse;
import dev.aggregation.apiserver.machinery.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication filter. Mount it with {@code route.blockingHandler(handler, false)}: authenticators may
 * block (TokenReview). A request whose credentials are rejected — or that nobody recognises when no anonymous
 * fallback is configured — ends with 401 {@code Unauthorized}; otherwise the user is stored with
 * {@link RequestContext#setUser} and the {@code Authorization} header is removed, so that no later stage or
 * handler sees the credential.
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationHandler.class);

  private final Authenticator authenticator;

  public AuthenticationHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Optional<UserInfo> user;
    try {
      user = authenticator.authenticate(new AuthenticationRequest(request.headers(), peerCertificates(request)));
    } catch (AuthenticationException e) {
      LOG.warn("Unable to authenticate the request {} {}: {}", request.method(), request.path(), e.getMessage());
      unauthorized(ctx);
      return;
    }
    if (user.isEmpty()) {
      unauthorized(ctx);
      return;
    }
    if (user.get().name().equals(UserInfo.ANONYMOUS)) {
      closeHttp2ConnectionAfterResponse(ctx);
    }
    RequestContext.setUser(ctx, user.get());
    request.headers().remove("Authorization");
    ctx.next();
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

  private static List<X509Certificate> peerCertificates(HttpServerRequest request) {
    SSLSession session = request.sslSession();
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : session.getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return List.of();
    }
  }
}
