package dev.aggregation.apiserver.filters;

import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.ext.web.RoutingContext;

/** What serves a request once every step of a {@link StageChain} has let it go on. */
public interface AdmittedHandler {
  /** Serves the request on a worker thread (it may block): false when it is not one of its own, for the router's next route. */
  boolean serve(RoutingContext ctx);

  /**
   * What {@link #serve} does, on the event loop, when it needs no blocking (a read from memory); else
   * {@link WouldBlock} before doing anything.
   */
  boolean serveWithoutBlocking(RoutingContext ctx) throws WouldBlock;
}
