package dev.aggregation.apiserver.endpoints.discovery;

import dev.aggregation.apiserver.endpoints.AcceptHeader;
import dev.aggregation.apiserver.endpoints.MediaRange;
import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Serves discovery: {@code GET /apis} (legacy APIGroupList, or the aggregated v2 document when the Accept
 * header asks for it), {@code GET /apis/<group>} and {@code GET /apis/<group>/<version>}. The routes match
 * those paths exactly, so resource routes below {@code /apis/<group>/<version>/} are left to their handlers.
 */
public final class DiscoveryHandler {
  private final LegacyDiscovery legacy;
  private final AggregatedDiscovery aggregated;

  public DiscoveryHandler(List<ApiGroup> groups) {
    this.legacy = new LegacyDiscovery(groups);
    this.aggregated = new AggregatedDiscovery(groups);
  }

  public void mount(Router router) {
    router.get("/apis").handler(this::apis);
    router.get("/apis/:group").handler(this::group);
    router.get("/apis/:group/:version").handler(this::version);
  }

  /** What a client's Accept header selects among the representations of discovery. */
  enum Representation {
    AGGREGATED,
    LEGACY
  }

  /**
   * Picks the first acceptable representation in the client's order of preference, as
   * k8s.io/apiserver's negotiation does: a JSON range asking for a conversion ({@code as}, {@code g},
   * {@code v}) is acceptable only if it names aggregated discovery v2; other types are skipped.
   */
  static Optional<Representation> negotiate(String acceptHeader, boolean aggregatedAllowed) {
    for (MediaRange range : AcceptHeader.parse(acceptHeader)) {
      if (!range.admits("application", "json")) {
        continue;
      }
      boolean asksConversion =
          range.parameter("as") != null || range.parameter("g") != null || range.parameter("v") != null;
      if (!asksConversion) {
        return Optional.of(Representation.LEGACY);
      }
      if (aggregatedAllowed
          && AggregatedDiscovery.GROUP.equals(range.parameter("g"))
          && AggregatedDiscovery.VERSION.equals(range.parameter("v"))
          && AggregatedDiscovery.KIND.equals(range.parameter("as"))) {
        return Optional.of(Representation.AGGREGATED);
      }
    }
    return Optional.empty();
  }

  private void apis(RoutingContext ctx) {
    Optional<Representation> representation = negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT), true);
    if (representation.isEmpty()) {
      notAcceptable(ctx);
    } else if (representation.get() == Representation.AGGREGATED) {
      serveAggregated(ctx);
    } else {
      Responses.json(ctx, 200, Json.bytes(legacy.groupList(serverAddress(ctx))));
    }
  }

  private void serveAggregated(RoutingContext ctx) {
    String etag = Responses.quoted(aggregated.etag());
    ctx.response()
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.VARY, "Accept")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public");
    if (Responses.notModified(ctx, etag)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, AggregatedDiscovery.CONTENT_TYPE)
        .end(Buffer.buffer(aggregated.body()));
  }

  private void group(RoutingContext ctx) {
    serveLegacy(ctx, legacy.group(ctx.pathParam("group")));
  }

  private void version(RoutingContext ctx) {
    serveLegacy(ctx, legacy.resourceList(ctx.pathParam("group"), ctx.pathParam("version")));
  }

  private void serveLegacy(RoutingContext ctx, Optional<byte[]> document) {
    if (document.isEmpty()) {
      Responses.status(ctx, ApiErrors.pathNotFound());
    } else if (negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT), false).isEmpty()) {
      notAcceptable(ctx);
    } else {
      Responses.json(ctx, 200, document.get());
    }
  }

  private static void notAcceptable(RoutingContext ctx) {
    Responses.status(
        ctx, ApiErrors.notAcceptable("only the following media types are accepted: " + Responses.APPLICATION_JSON));
  }

  /** host:port the client addressed, which is where clients on any network reach this server. */
  static String serverAddress(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    int localPort = ctx.request().localAddress().port();
    if (authority == null) {
      return ctx.request().localAddress().hostAddress() + ":" + localPort;
    }
    String host = authority.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return host + ":" + (authority.port() > 0 ? authority.port() : localPort);
  }
}
