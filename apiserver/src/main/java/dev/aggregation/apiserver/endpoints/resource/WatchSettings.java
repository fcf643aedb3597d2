package dev.aggregation.apiserver.endpoints.resource;

import java.time.Duration;

/**
 * How watches run: the bookmark interval (kube-apiserver: about a minute) and --min-request-timeout, from which
 * a watch without timeoutSeconds draws its random length in [min, 2*min).
 */
public record WatchSettings(Duration bookmarkInterval, int minRequestTimeoutSeconds) {
  public static WatchSettings defaults() {
    return new WatchSettings(Duration.ofMinutes(1), 1800);
  }
}
