package dev.aggregation.apiserver.storage.etcd;

import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether every etcd endpoint answers a requested watch progress truthfully, as kube-apiserver's storage
 * feature checker decides it for {@code RequestWatchProgress}. etcd before 3.4.25 and 3.5.8 answers with its
 * current revision even to a watch whose events up to it are still unsent (etcd-io/etcd#15220: a new watch from
 * an older revision, or a slow one), so a watch cache that believed it would skip those events; before 3.4.31 and
 * 3.5.13 a new watch may get no answer at all (etcd-io/etcd#17507). Kubernetes asks for 3.4.31+ or 3.5.13+ and
 * otherwise reads consistent lists from etcd; so does this store.
 *
 * <p>The versions are asked for in the background when the store opens, again with backoff until every endpoint
 * has answered; until then progress counts as unsupported (kube's default too).
 */
final class WatchProgressSupport {
  private static final Logger LOG = LoggerFactory.getLogger(WatchProgressSupport.class);
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 15_000;

  private final Maintenance maintenance;
  private final List<URI> endpoints;
  private final CompletableFuture<Boolean> decided = new CompletableFuture<>();
  private volatile boolean supported;
  private volatile boolean stopped;

  WatchProgressSupport(Maintenance maintenance, List<URI> endpoints) {
    this.maintenance = maintenance;
    this.endpoints = List.copyOf(endpoints);
  }

  /** Whether requested progress may be trusted: every endpoint answered with a version that has both fixes. */
  boolean supported() {
    return supported;
  }

  /** Starts asking every endpoint for its version; never blocks. */
  void start() {
    check(FIRST_RETRY_MILLIS);
  }

  /**
   * Waits at most {@code timeout} for every endpoint's version (a store that has just connected to a reachable
   * etcd knows at once); whether it is known.
   */
  boolean awaitDecision(Duration timeout) {
    try {
      decided.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void stop() {
    stopped = true;
    decided.cancel(false);
  }

  /** Whether etcd {@code version} ("3.4.23", "3.5.13-rc.0") answers progress requests truthfully. */
  static boolean versionSupports(String version) {
    Matcher matcher = VERSION.matcher(version == null ? "" : version.trim());
    if (!matcher.matches()) {
      return false;
    }
    int major = Integer.parseInt(matcher.group(1));
    int minor = Integer.parseInt(matcher.group(2));
    int patch = Integer.parseInt(matcher.group(3));
    if (major != 3) {
      return major > 3;
    }
    if (minor == 4) {
      return patch >= 31;
    }
    if (minor == 5) {
      return patch >= 13;
    }
    return minor > 5;
  }

  private void check(long retryMillis) {
    if (stopped) {
      return;
    }
    CompletableFuture<?>[] statuses =
        endpoints.stream()
            .map(endpoint -> maintenance.statusMember(endpoint.getHost() + ":" + endpoint.getPort()))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(statuses)
        .whenComplete(
            (ignored, failure) -> {
              if (stopped) {
                return;
              }
              if (failure != null) {
                long next = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
                LOG.debug("cannot read the etcd version at {} yet; asking again in {} ms", endpoints, retryMillis, failure);
                Executor later = CompletableFuture.delayedExecutor(retryMillis, TimeUnit.MILLISECONDS);
                later.execute(() -> check(next));
                return;
              }
              decide(statuses);
            });
  }

  private void decide(CompletableFuture<?>[] statuses) {
    boolean all = true;
    StringBuilder versions = new StringBuilder();
    for (int i = 0; i < statuses.length; i++) {
      String version = ((StatusResponse) statuses[i].join()).getVersion();
      all &= versionSupports(version);
      versions.append(i == 0 ? "" : ", ").append(endpoints.get(i)).append(" is ").append(version);
    }
    supported = all;
    decided.complete(all);
    if (all) {
      LOG.info("etcd answers watch progress requests truthfully ({})", versions);
    } else {
      LOG.warn(
          "etcd older than 3.4.31 or 3.5.13 sends requested watch progress ahead of events ({}): watch progress"
              + " is not requested, and consistent lists are read from etcd rather than the watch cache",
          versions);
    }
  }
}
