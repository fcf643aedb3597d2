package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestContext;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.filters.RequestInfoHandler;
import dev.aggregation.apiserver.filters.RequestStage;
import dev.aggregation.apiserver.machinery.Json;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit filter of k8s.io/apiserver (WithAudit and WithFailedAuthenticationAudit), in four handlers mounted
 * around authentication and authorization:
 *
 * <ol>
 *   <li>{@link #received()} before authentication: notes the arrival time and hooks the end of the response, so
 *       that a request refused with 401 is audited too (user {}, stage ResponseStarted, as Kubernetes does);
 *   <li>{@link #authenticated()} right after authentication: evaluates the policy with the authenticated user
 *       and records RequestReceived;
 *   <li>{@link #authorizing()} before and {@link #authorized()} after authorization: the
 *       {@code authorization.k8s.io/decision} annotation (allow, or forbid for a 403 from that stage).
 * </ol>
 *
 * ResponseStarted is recorded when the headers of a long-running request (watch) go out, ResponseComplete when
 * the response ends (or the connection closes), Panic when the request failed with an exception. The user seen
 * at the end differs from the authenticated one when the request was impersonated: it is recorded as
 * {@code impersonatedUser}. Credentials never reach an event: no header is recorded, bodies only for resource
 * requests at the Request and RequestResponse levels.
 */
public final class AuditFilter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  static final String DECISION = "authorization.k8s.io/decision";
  private static final int MAX_USER_AGENT_LENGTH = 1024;
  private static final String USER_AGENT_TRUNCATED = "...TRUNCATED";

  private final PolicyEvaluator policy;
  private final AuditBackend backend;
  private final Vertx vertx;
  private final Clock clock;
  private final YAMLMapper yaml = new YAMLMapper();

  public AuditFilter(PolicyEvaluator policy, AuditBackend backend, Vertx vertx, Clock clock) {
    this.policy = Objects.requireNonNull(policy);
    this.backend = Objects.requireNonNull(backend);
    this.vertx = Objects.requireNonNull(vertx);
    this.clock = Objects.requireNonNull(clock);
  }

  public Handler<RoutingContext> received() {
    return ctx -> {
      RequestAudit audit = new RequestAudit(clock.instant());
      ctx.put(AuditContext.KEY, audit);
      ctx.addHeadersEndHandler(v -> onHeaders(ctx, audit));
      ctx.addEndHandler(result -> onEnd(ctx, audit, result));
      ctx.next();
    };
  }

  /** After authentication: the policy's level for this user and request; RequestReceived when it audits. */
  public RequestStage authenticated() {
    return RequestStage.neverBlocking(ctx -> {
      RequestAudit audit = ctx.get(AuditContext.KEY);
      UserInfo user = RequestContext.user(ctx).orElse(null);
      RequestInfo info = RequestContext.requestInfo(ctx).orElse(null);
      if (audit == null || user == null || info == null) {
        return true;
      }
      RequestAuditConfig config = policy.evaluate(user, info);
      if (config.level() == Level.NONE) {
        audit.markAuthenticated(user);
        return true;
      }
      AuditEvent event = newEvent(ctx, config, user, info, audit.received());
      audit.start(event, user);
      emit(event, Stage.REQUEST_RECEIVED);
      return true;
    });
  }

  /** Before authorization: a 403 from here on is the authorizer's (or impersonation's) decision. */
  public RequestStage authorizing() {
    return RequestStage.neverBlocking(ctx -> {
      RequestAudit audit = ctx.get(AuditContext.KEY);
      if (audit != null) {
        audit.markAuthorizing();
      }
      return true;
    });
  }

  /** After authorization allowed the request. */
  public RequestStage authorized() {
    return RequestStage.neverBlocking(ctx -> {
      RequestAudit audit = ctx.get(AuditContext.KEY);
      if (audit != null) {
        audit.markAuthorized();
        AuditContext.annotate(ctx, DECISION, "allow");
      }
      return true;
    });
  }

  private void onHeaders(RoutingContext ctx, RequestAudit audit) {
    int code = ctx.response().getStatusCode();
    AuditEvent event = audit.event();
    if (event == null) {
      if (!audit.authenticated() && code == 401) {
        auditFailedAuthentication(ctx, audit);
      }
      return;
    }
    event.responseCode(code);
    if (audit.authorizing() && !audit.authorized() && code == 403) {
      event.annotate(DECISION, "forbid");
    }
    noteImpersonation(ctx, audit, event);
    if (longRunning(ctx)) {
      emit(event, Stage.RESPONSE_STARTED);
    }
  }

  private void onEnd(RoutingContext ctx, RequestAudit audit, AsyncResult<Void> result) {
    AuditEvent event = audit.event();
    if (event == null) {
      return;
    }
    noteImpersonation(ctx, audit, event);
    recordRequestBody(ctx, event);
    if (ctx.failure() != null) {
      ObjectNode status = Json.object();
      status.putObject("metadata");
      status.put("status", "Failure");
      status.put("message", "APIServer panic'd: " + ctx.failure());
      status.put("reason", "InternalError");
      status.put("code", 500);
      event.responseStatus(status);
      emit(event, Stage.PANIC);
      return;
    }
    if (!event.hasResponseStatus()) {
      // the connection closed before any header was sent
      ObjectNode status = Json.object();
      status.putObject("metadata");
      status.put("status", "Success");
      status.put("message", "Connection closed early");
      status.put("code", 200);
      event.responseStatus(status);
      if (longRunning(ctx)) {
        emit(event, Stage.RESPONSE_STARTED);
      }
    }
    emit(event, Stage.RESPONSE_COMPLETE);
  }

  private void auditFailedAuthentication(RoutingContext ctx, RequestAudit audit) {
    RequestInfo info = RequestContext.requestInfo(ctx).orElse(null);
    if (info == null) {
      return;
    }
    RequestAuditConfig config = policy.evaluate(null, info);
    if (config.level() == Level.NONE) {
      return;
    }
    AuditEvent event = newEvent(ctx, config, null, info, audit.received());
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("message", attemptedAuthentication(ctx));
    status.put("code", 401);
    event.responseStatus(status);
    emit(event, Stage.RESPONSE_STARTED);
  }

  /** WithFailedAuthenticationAudit's message: which kinds of credentials were tried, never their values. */
  private static String attemptedAuthentication(RoutingContext ctx) {
    List<String> methods = new ArrayList<>();
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      String[] parts = authorization.trim().split(" ");
      if (parts.length > 1 && parts[0].equalsIgnoreCase("basic")) {
        methods.add("basic");
      }
      if (parts.length > 1 && parts[0].equalsIgnoreCase("bearer")) {
        methods.add("bearer");
      }
    }
    String accessToken = ctx.request().getParam("access_token");
    if (accessToken != null && !accessToken.isBlank()) {
      methods.add("access_token");
    }
    if (hasClientCertificate(ctx)) {
      methods.add("x509");
    }
    return methods.isEmpty()
        ? "Authentication failed, no credentials provided"
        : "Authentication failed, attempted: " + String.join(", ", methods);
  }

  private static boolean hasClientCertificate(RoutingContext ctx) {
    try {
      return ctx.request().sslSession() != null && ctx.request().sslSession().getPeerCertificates().length > 0;
    } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
      return false;
    }
  }

  private AuditEvent newEvent(RoutingContext ctx, RequestAuditConfig config, UserInfo user, RequestInfo info, Instant received) {
    ObjectNode objectRef = null;
    if (info.resourceRequest()) {
      objectRef = Json.object();
      putIfNotEmpty(objectRef, "resource", info.resource());
      putIfNotEmpty(objectRef, "namespace", info.namespace());
      putIfNotEmpty(objectRef, "name", info.name());
      putIfNotEmpty(objectRef, "apiGroup", info.apiGroup());
      putIfNotEmpty(objectRef, "apiVersion", info.apiVersion());
      putIfNotEmpty(objectRef, "subresource", info.subresource());
    }
    String auditId = ctx.response().headers().get(RequestInfoHandler.AUDIT_ID_HEADER);
    return new AuditEvent(
        config,
        auditId == null ? "" : auditId,
        ctx.request().uri(),
        info.verb(),
        user,
        sourceIps(ctx),
        userAgent(ctx),
        received,
        objectRef);
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** utilnet.SourceIPs: the X-Forwarded-For chain, then X-Real-Ip, then the peer, each once. */
  static List<String> sourceIps(RoutingContext ctx) {
    List<String> ips = new ArrayList<>();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded != null) {
      for (String part : forwarded.split(",")) {
        String ip = part.trim();
        if (IpLiterals.isIp(ip)) {
          ips.add(ip);
        }
      }
    }
    String realIp = ctx.request().getHeader("X-Real-Ip");
    if (realIp != null && IpLiterals.isIp(realIp.trim()) && !ips.contains(realIp.trim())) {
      ips.add(realIp.trim());
    }
    SocketAddress remote = ctx.request().remoteAddress();
    if (remote != null && remote.hostAddress() != null && !ips.contains(remote.hostAddress())) {
      ips.add(remote.hostAddress());
    }
    return ips;
  }

  private static String userAgent(RoutingContext ctx) {
    String agent = ctx.request().getHeader("User-Agent");
    if (agent == null) {
      return "";
    }
    return agent.length() > MAX_USER_AGENT_LENGTH ? agent.substring(0, MAX_USER_AGENT_LENGTH) + USER_AGENT_TRUNCATED : agent;
  }

  private static boolean longRunning(RoutingContext ctx) {
    RequestInfo info = RequestContext.requestInfo(ctx).orElse(null);
    return info != null && (info.verb().equals("watch") || info.verb().equals("proxy"));
  }

  private static void noteImpersonation(RoutingContext ctx, RequestAudit audit, AuditEvent event) {
    UserInfo current = RequestContext.user(ctx).orElse(null);
    if (current != null && !current.equals(audit.authenticatedUser())) {
      event.impersonatedUser(current);
    }
  }

  /** The request's body, for create and update the object whose name completes objectRef. */
  private void recordRequestBody(RoutingContext ctx, AuditEvent event) {
    RequestInfo info = RequestContext.requestInfo(ctx).orElse(null);
    if (info == null || !info.resourceRequest() || ctx.body() == null) {
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return;
    }
    JsonNode object = parse(body.getBytes());
    if (object == null) {
      return;
    }
    if (info.verb().equals("create") || info.verb().equals("update")) {
      event.completeObjectRef(object);
    }
    event.requestObject(object);
  }

  private JsonNode parse(byte[] body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException notJson) {
      try {
        JsonNode tree = yaml.readTree(body);
        return tree != null && tree.isContainerNode() ? tree : null;
      } catch (IOException notYaml) {
        return null;
      }
    }
  }

  private void emit(AuditEvent event, Stage stage) {
    Set<Stage> omitted = event.config().omitStages();
    if (omitted.contains(stage)) {
      return;
    }
    byte[] snapshot = event.snapshot(stage, clock.instant());
    if (backend.tryProcess(snapshot)) {
      return;
    }
    // the backend is full: wait for room on a worker, never on the event loop
    vertx.executeBlocking(() -> {
      backend.process(snapshot);
      return null;
    }, false).onFailure(e -> LOG.error("an audit event could not be recorded", e));
  }
}
