package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.continuation.ContinueToken;
import dev.aggregation.apiserver.machinery.continuation.InvalidContinueTokenException;
import dev.aggregation.apiserver.registry.ListRequest;
import dev.aggregation.apiserver.registry.ListResult;

/**
 * LIST with Kubernetes' paging and resourceVersion semantics: unset = the newest state; "0" = any state;
 * N with NotOlderThan (the default) = at least as new as N; N with Exact = exactly N; a continue token reads
 * the rest of a list at the revision of its first page, or 410 when that revision is compacted.
 */
final class ListHandler {
  private final HandlerContext context;

  ListHandler(HandlerContext context) {
    this.context = context;
  }

  void handle(RestRequest request, ResourceEndpoint endpoint) {
    ListOptions options = ListOptions.parse(request, false);
    ListQuery query = ListQuery.parse(request, endpoint, false);
    ListResult result = list(request, endpoint, options, query);
    context.output().writeList(request, endpoint, result);
  }

  /** Runs the list and returns it with its continue key already encoded as a token. */
  static ListResult list(RestRequest request, ResourceEndpoint endpoint, ListOptions options, ListQuery query) {
    long revision = 0;
    long minRevision = 0;
    String startKey = null;
    if (options.continueToken() != null) {
      ContinueToken token;
      try {
        token = ContinueToken.decode(options.continueToken());
      } catch (InvalidContinueTokenException e) {
        throw ApiErrors.badRequest(e.getMessage());
      }
      revision = token.resourceVersion();
      startKey = token.start();
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
      result = endpoint.registry().list(request.namespace(), listRequest);
    } catch (ApiException e) {
      if (e.code() == 410 && options.continueToken() != null) {
        throw continueExpired(endpoint, request, startKey);
      }
      throw e;
    }
    String token = result.continueKey() == null ? null : ContinueToken.encode(result.revision(), result.continueKey());
    return new ListResult(result.items(), result.revision(), token, result.remainingItemCount());
  }

  /**
   * The 410 of a continue token whose revision was compacted, carrying a fresh token that continues from the same
   * key at the newest revision (an inconsistent continuation the client may choose to use).
   */
  private static ApiException continueExpired(ResourceEndpoint endpoint, RestRequest request, String startKey) {
    long current = endpoint.registry().currentRevision();
    ApiException gone =
        ApiErrors.gone(
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
    gone.status().getMetadata().setContinue(ContinueToken.encode(current, startKey));
    return gone;
  }

  static String json(Object o) {
    return new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8);
  }
}
