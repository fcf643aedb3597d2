package dev.aggregation.apiserver.endpoints.resource;

import java.time.Duration;

/**
 * How watches run: the bookmark interval (kube-apiserver: about a minute), --min-request-timeout, from which
 * a watch without timeoutSeconds draws its random length in [min, 2*min), and how many bytes of events a watcher
 * may leave unread in the server before it is closed as unresponsive (kube-apiserver's watch cache terminates a
 * watcher whose buffer stays full rather than let it stall or grow without bound).
 */
public record WatchSettings(Duration bookmarkInterval, int minRequestTimeoutSeconds, long maxUnreadBytes) {
  public static final long DEFAULT_MAX_UNREAD_BYTES = 16L << 20;

  public WatchSettings(Duration bookmarkInterval, int minRequestTimeoutSeconds) {
    this(bookmarkInterval, minRequestTimeoutSeconds, DEFAULT_MAX_UNREAD_BYTES);
  }

  public static WatchSettings defaults() {
    return new WatchSettings(Duration.ofMinutes(1), 1800);
  }
}
