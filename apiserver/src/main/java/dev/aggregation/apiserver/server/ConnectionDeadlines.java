package dev.aggregation.apiserver.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes connections that hold the server without asking anything of it: one whose first request's headers have
 * not arrived within the read-header timeout (a slowloris client trickling bytes, which an idle timer never
 * notices), and one that has had no request in flight for the idle timeout. A connection with a request in flight
 * (a watch, a slow upload) is never closed here: the request timeout and the watch timeout bound those, as in Go,
 * whose IdleTimeout also only counts between requests.
 *
 * <p>Mount {@link #connections()} as the HTTP server's connection handler and {@link #requests()} as the router's
 * first handler. Each connection's state is only touched on its own event loop.
 */
final class ConnectionDeadlines {
  /** A connection's idle-since time before its first request. */
  private static final long NEVER = Long.MIN_VALUE;

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final Map<HttpConnection, Deadline> open = new ConcurrentHashMap<>();

  ConnectionDeadlines(Vertx vertx, ConnectionLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  Handler<HttpConnection> connections() {
    return connection -> {
      Deadline deadline = new Deadline(connection);
      open.put(connection, deadline);
      connection.closeHandler(closed -> open.remove(connection).cancel());
      deadline.arm(limits.readHeaderTimeout());
    };
  }

  Handler<RoutingContext> requests() {
    return ctx -> {
      Deadline deadline = open.get(ctx.request().connection());
      if (deadline != null) {
        deadline.requestStarted();
        ctx.addEndHandler(done -> deadline.requestEnded());
      }
      ctx.next();
    };
  }

  int openConnections() {
    return open.size();
  }

  /**
   * One connection's deadline, kept lazily: requests only count themselves in and out, and the one timer, when
   * it fires, works out whether the connection has been idle long enough or when to look again. Cancelling and
   * arming a timer around every request cost more than the rest of this filter.
   */
  private final class Deadline {
    private final HttpConnection connection;
    private int inFlight;
    /** {@link System#nanoTime} when the last request ended; {@link #NEVER} before the first request. */
    private long idleSince = NEVER;
    private long timer = -1;

    Deadline(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(Duration after) {
      if (!after.isZero()) {
        timer = vertx.setTimer(Math.max(1, after.toMillis()), id -> expired());
      }
    }

    private void expired() {
      timer = -1;
      if (inFlight > 0) {
        return; // the request's end arms the idle deadline again
      }
      if (idleSince == NEVER) {
        connection.close(); // the first request's headers did not arrive in time
        return;
      }
      Duration idle = Duration.ofNanos(System.nanoTime() - idleSince);
      if (limits.idleTimeout().isZero()) {
        return;
      }
      if (idle.compareTo(limits.idleTimeout()) >= 0) {
        connection.close();
      } else {
        arm(limits.idleTimeout().minus(idle));
      }
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void requestStarted() {
      inFlight++;
    }

    void requestEnded() {
      inFlight--;
      if (inFlight == 0) {
        idleSince = System.nanoTime();
        if (timer < 0) {
          arm(limits.idleTimeout());
        }
      }
    }
  }
}
