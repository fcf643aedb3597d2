package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.ContinueToken;
import dev.aggregation.apiserver.machinery.InvalidContinueTokenException;
import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.registry.ListRequest;
import dev.aggregation.apiserver.registry.ListResult;

/**
 * LIST with Kubernetes' paging and resourceVersion semantics: unset = the newest state; "0" = any state;
 * N with NotOlderThan (the default) = at least as new as N; N with Exact = exactly N; a continue token reads
 * the rest of a list at the revision of its first page, or 410 when that revision is compacted.
 */
final class ListHandler {
  /**
   * The most stored objects a list served on the event loop reads: about 2 µs each when their renderings are
   * cached, several times that when a selector decodes them or the audit policy keeps the response body, so at
   * most a few milliseconds of the loop. A longer list, or a selector over more, goes to a worker rather than
   * hold up the loop's other connections.
   */
  static final int MAX_READ_ON_EVENT_LOOP = 1000;

  private final HandlerContext context;

  ListHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    ListOptions options = ListOptions.parse(request, false);
    ListQuery query = ListQuery.parse(request, endpoint, false);
    ListResult result = WouldBlock.blocking(() -> list(request, endpoint, options, query, endpoint.registry()::list));
    context.output().writeList(request, endpoint, result);
  }

  /** {@link #handle} on the event loop, when the watch cache has the answer already; else {@link WouldBlock}. */
  void handleWithoutBlocking(RestRequest request, ResourceEndpoint endpoint) throws WouldBlock {
    ListOptions options = ListOptions.parse(request, false);
    ListQuery query = ListQuery.parse(request, endpoint, false);
    ListResult result = list(request, endpoint, options, query,
        (namespace, listRequest) -> endpoint.registry().listWithoutBlocking(namespace, listRequest, MAX_READ_ON_EVENT_LOOP));
    context.output().writeList(request, endpoint, result);
  }

  /** The registry's list, or its variant that refuses to block. */
  @FunctionalInterface
  private interface Lister {
    ListResult list(String namespace, ListRequest request) throws WouldBlock;
  }

  /** Runs the list and returns it with its continue key turned into a token. */
  private static ListResult list(RestRequest request, ResourceEndpoint endpoint, ListOptions options, ListQuery query, Lister lister)
      throws WouldBlock {
    String prefix = endpoint.registry().collectionPrefix(request.namespace());
    long revision = 0;
    long minRevision = 0;
    String startKey = null;
    ContinueToken token = null;
    if (options.continueToken() != null) {
      try {
        token = ContinueToken.decode(options.continueToken());
      } catch (InvalidContinueTokenException e) {
        throw e.toApiException();
      }
      // -1: the inconsistent continuation of an expired token, at the newest revision
      revision = Math.max(0, token.resourceVersion());
      startKey = token.fromKey(prefix);
    } else if (options.resourceVersion() > 0) {
      if ("Exact".equals(options.resourceVersionMatch())) {
        revision = options.resourceVersion();
      } else {
        minRevision = options.resourceVersion();
      }
    }
    ListRequest listRequest = new ListRequest(query.filter(), query.filtered(), options.limit(), startKey, revision, minRevision);
    ListResult result;
    try {
      result = lister.list(request.namespace(), listRequest);
    } catch (ApiException e) {
      if (e.code() == 410 && token != null) {
        throw ContinueToken.expired(startKey, prefix);
      }
      throw e;
    }
    String next = result.continueKey() == null ? null : ContinueToken.at(result.continueKey(), prefix, result.revision()).encode();
    return new ListResult(result.objects(), result.revision(), next, result.remainingItemCount());
  }
}
