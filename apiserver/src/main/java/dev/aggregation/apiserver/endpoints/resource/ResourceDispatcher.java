package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.filters.AdmittedHandler;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.audit.AuditContext;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a resource request to the handler of its verb, after checking that the URL addresses something the
 * resource has: its scope (namespaced or cluster), its subresources, the verbs allowed there. Runs on a worker
 * (the handlers block on the store), except a GET or a LIST the watch cache answers at once, which is served on
 * the event loop.
 */
public final class ResourceDispatcher implements AdmittedHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceDispatcher.class);
  private static final Set<String> STATUS_VERBS = Set.of("get", "update", "patch");

  private final Map<String, ResourceEndpoint> endpoints = new HashMap<>();
  private final HandlerContext context;
  private final GetHandler get;
  private final ListHandler list;
  private final WatchHandler watch;
  private final CreateHandler create;
  private final UpdateHandler update;
  private final PatchHandler patch;
  private final DeleteHandler delete;
  private final DeleteCollectionHandler deleteCollection;

  public ResourceDispatcher(List<ResourceEndpoint> served, HandlerContext context, WatchSettings watchSettings) {
    for (ResourceEndpoint endpoint : served) {
      endpoints.put(key(endpoint.strategy().group(), endpoint.version().name(), endpoint.strategy().resource()), endpoint);
    }
    this.context = context;
    this.get = new GetHandler(context);
    this.list = new ListHandler(context);
    this.watch = new WatchHandler(context, watchSettings.bookmarkInterval(), watchSettings.minRequestTimeoutSeconds(), watchSettings.maxUnreadBytes());
    this.create = new CreateHandler(context);
    this.update = new UpdateHandler(context);
    this.patch = new PatchHandler(context, create);
    this.delete = new DeleteHandler(context);
    this.deleteCollection = new DeleteCollectionHandler(context, delete);
  }

  private static String key(String group, String version, String resource) {
    return group + "/" + version + "/" + resource;
  }

  @Override
  public boolean serve(RoutingContext ctx) {
    return WouldBlock.blocking(() -> serve(ctx, false));
  }

  /** GET and LIST from the watch cache on the event loop; any other request would block. */
  @Override
  public boolean serveWithoutBlocking(RoutingContext ctx) throws WouldBlock {
    return serve(ctx, true);
  }

  private boolean serve(RoutingContext ctx, boolean withoutBlocking) throws WouldBlock {
    RestRequest request = new RestRequest(ctx);
    RequestInfo info = request.info();
    if (info == null || !info.resourceRequest() || !ctx.normalizedPath().startsWith("/apis/")) {
      return false;
    }
    try {
      dispatch(request, info, withoutBlocking);
    } catch (ApiException e) {
      AuditContext.logResponseStatus(ctx, e.status());
      context.writer().writeError(ctx.response(), e);
    } catch (RuntimeException e) {
      if (ctx.response().headWritten()) {
        // the request timeout (or a closed connection) answered first: the late result has nowhere to go
        LOG.info("{} {} finished after its response was written: {}", ctx.request().method(), ctx.request().uri(), e.toString());
        return true;
      }
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().uri(), e);
      ApiException internal = ApiErrors.internal(e);
      AuditContext.logResponseStatus(ctx, internal.status());
      context.writer().writeError(ctx.response(), internal);
    }
    return true;
  }

  private void dispatch(RestRequest request, RequestInfo info, boolean withoutBlocking) throws WouldBlock {
    ResourceEndpoint endpoint = endpoints.get(key(info.apiGroup(), info.apiVersion(), info.resource()));
    // segments past the subresource, and the legacy proxy verb, address nothing a resource serves
    if (endpoint == null || info.parts().size() > 3 || info.verb().equals("proxy")) {
      throw ApiErrors.pathNotFound();
    }
    boolean namespaced = endpoint.strategy().namespaced();
    boolean collectionVerb = info.verb().equals("list") || info.verb().equals("watch");
    if (namespaced && info.namespace().isEmpty() && !collectionVerb) {
      throw info.verb().equals("deletecollection") || info.verb().equals("create") ? ApiErrors.methodNotAllowed() : ApiErrors.pathNotFound();
    }
    if (!namespaced && !info.namespace().isEmpty()) {
      throw ApiErrors.pathNotFound();
    }
    String subresource = info.subresource();
    if (!subresource.isEmpty()) {
      if (!subresource.equals("status") || !endpoint.strategy().hasStatusSubresource()) {
        throw ApiErrors.pathNotFound();
      }
      if (!STATUS_VERBS.contains(info.verb())) {
        throw ApiErrors.methodNotAllowed();
      }
    }
    if (withoutBlocking) {
      switch (info.verb()) {
        case "get" -> get.handleWithoutBlocking(request, endpoint);
        case "list" -> list.handleWithoutBlocking(request, endpoint);
        default -> throw new WouldBlock(info.verb() + " of a resource");
      }
      return;
    }
    switch (info.verb()) {
      case "get" -> get.handle(request, endpoint);
      case "list" -> list.handle(request, endpoint);
      case "watch" -> {
        ListQuery query = ListQuery.parse(request, endpoint, true);
        if (!info.name().isEmpty() && request.query("fieldSelector") == null) {
          // GET .../watch/<resource>/<name>: the legacy form of a watch on one object
          query = query.forName(info.name());
        }
        watch.handle(request, endpoint, query.filter(), query.filtered());
      }
      case "create" -> {
        if (!info.name().isEmpty()) {
          throw ApiErrors.methodNotAllowed();
        }
        create.handle(request, endpoint);
      }
      case "update" -> update.handle(request, endpoint);
      case "patch" -> patch.handle(request, endpoint);
      case "delete" -> delete.handle(request, endpoint);
      case "deletecollection" -> deleteCollection.handle(request, endpoint);
      default -> throw ApiErrors.methodNotAllowed();
    }
  }
}
