package dev.aggregation.apiserver.server;

import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What one client connection may hold, as k8s.io/apiserver's secure serving sets Go's http.Server: headers up to
 * 1 MiB ({@code MaxHeaderBytes}; larger ones get 431), the request line too (a long label selector is legitimate),
 * 250 concurrent HTTP/2 streams (x/net/http2's default), 32 s to send a request's headers ({@code ReadHeaderTimeout})
 * and 90 s idle without a request in flight ({@code IdleTimeout}). HTTP/2 rapid reset is bounded by Vert.x's flood
 * protection (200 RST_STREAM per 30 s, then GOAWAY).
 *
 * @param readHeaderTimeout how long a new connection may take to complete its first request's headers
 * @param idleTimeout how long a connection may stay open with no request in flight
 */
public record ConnectionLimits(Duration readHeaderTimeout, Duration idleTimeout, int maxHeaderBytes, long maxConcurrentStreams) {
  public static final int MAX_HEADER_BYTES = 1 << 20;

  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(32), Duration.ofSeconds(90), MAX_HEADER_BYTES, 250);
  }

  /** Applies the byte and stream limits; the timeouts are {@link ConnectionDeadlines}' job. */
  HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setMaxHeaderSize(maxHeaderBytes)
        .setMaxInitialLineLength(maxHeaderBytes)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(maxConcurrentStreams).setMaxHeaderListSize(maxHeaderBytes))
        .setHttp2RstFloodMaxRstFramePerWindow(HttpServerOptions.DEFAULT_HTTP2_RST_FLOOD_MAX_RST_FRAME_PER_WINDOW)
        .setHttp2RstFloodWindowDuration(HttpServerOptions.DEFAULT_HTTP2_RST_FLOOD_WINDOW_DURATION)
        .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS);
  }
}
