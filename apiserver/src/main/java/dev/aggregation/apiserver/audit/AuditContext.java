package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.Status;
import io.vertx.ext.web.RoutingContext;

/**
 * What later stages tell the request's audit event, as k8s.io/apiserver's audit.LogResponseObject and
 * audit.AddAuditAnnotation do. Every call is a no-op when the request is not audited (no policy, level None,
 * or before the audit filter ran).
 */
public final class AuditContext {
  static final String KEY = "dev.aggregation.apiserver.audit.request";

  private AuditContext() {}

  /** The object the handler answers with (after conversion and Table/metadata shaping); kept at RequestResponse. */
  public static void logResponseObject(RoutingContext ctx, JsonNode object) {
    AuditEvent event = event(ctx);
    if (event != null) {
      event.responseObject(object);
    }
  }

  /**
   * Whether {@link #logResponseObject} keeps the object (RequestResponse level): only then must a handler build
   * the response as a tree for the event rather than write bytes it rendered earlier.
   */
  public static boolean recordsResponseObject(RoutingContext ctx) {
    AuditEvent event = event(ctx);
    return event != null && event.recordsResponseObject();
  }

  /**
   * The Status an error response carries: its status, message, reason, details and code become the event's
   * {@code responseStatus} at every level, and the whole Status the response object at RequestResponse.
   */
  public static void logResponseStatus(RoutingContext ctx, Status status) {
    AuditEvent event = event(ctx);
    if (event == null) {
      return;
    }
    ObjectNode full = Json.tree(status);
    ObjectNode bounded = Json.object();
    bounded.putObject("metadata");
    for (String field : new String[] {"status", "message", "reason", "details", "code"}) {
      if (full.hasNonNull(field)) {
        bounded.set(field, full.get(field));
      }
    }
    event.responseStatus(bounded);
    event.responseObject(full);
  }

  /** An annotation on the event (the first value given for a key stays). */
  public static void annotate(RoutingContext ctx, String key, String value) {
    AuditEvent event = event(ctx);
    if (event != null) {
      event.annotate(key, value);
    }
  }

  private static AuditEvent event(RoutingContext ctx) {
    RequestAudit audit = ctx.get(KEY);
    return audit == null ? null : audit.event();
  }
}
