package dev.aggregation.apiserver.endpoints.health;

import dev.aggregation.apiserver.endpoints.Responses;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One health endpoint ({@code /healthz}, {@code /livez} or {@code /readyz}) with its checks, answering with
 * the texts of k8s.io/apiserver pkg/server/healthz: {@code ok}; {@code ?verbose} lists {@code [+]<check> ok}
 * and ends {@code <name> check passed}; a failure answers 500 listing {@code [-]<check> failed: reason
 * withheld} and {@code <name> check failed}; {@code ?exclude=<check>} skips a check. Each check also has
 * its own path {@code /<name>/<check>} that tells the reason of a failure.
 */
public final class HealthEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

  private final String name;
  private final Map<String, HealthCheck> checks;

  /**
   * @param name the endpoint's name and path without the slash: {@code healthz}, {@code livez}, {@code readyz}
   * @param checks run in this order; names must be unique
   */
  public HealthEndpoint(String name, List<HealthCheck> checks) {
    if (checks.isEmpty()) {
      throw new IllegalArgumentException(name + " needs at least one check (ping)");
    }
    Map<String, HealthCheck> byName = new LinkedHashMap<>();
    for (HealthCheck check : checks) {
      if (byName.putIfAbsent(check.name(), check) != null) {
        throw new IllegalArgumentException(name + " has two checks named " + check.name());
      }
    }
    this.name = name;
    this.checks = Collections.unmodifiableMap(byName);
  }

  public String path() {
    return "/" + name;
  }

  public void mount(Router router) {
    router.get(path()).handler(this::handleAll);
    router.get(path() + "/:check").handler(this::handleOne);
  }

  private void handleAll(RoutingContext ctx) {
    List<String> excluded = ctx.queryParam("exclude");
    boolean verbose = ctx.request().params().contains("verbose");
    ctx.vertx()
        .executeBlocking(() -> report(excluded), false)
        .onSuccess(report -> answer(ctx, report, verbose))
        .onFailure(ctx::fail);
  }

  /** The verbose lines of all checks, and the names of those that failed. */
  record Report(String lines, List<String> failed) {}

  Report report(List<String> exclude) {
    TreeSet<String> unmatched = new TreeSet<>(exclude);
    StringBuilder lines = new StringBuilder();
    StringBuilder failureLog = new StringBuilder();
    List<String> failed = new ArrayList<>();
    for (HealthCheck check : checks.values()) {
      if (unmatched.remove(check.name())) {
        lines.append("[+]").append(check.name()).append(" excluded: ok\n");
        continue;
      }
      CheckResult result = run(check);
      if (result.healthy()) {
        lines.append("[+]").append(check.name()).append(" ok\n");
      } else {
        // The endpoint is public: the reason goes to the log only.
        lines.append("[-]").append(check.name()).append(" failed: reason withheld\n");
        failureLog.append("[-]").append(check.name()).append(" failed: ").append(result.reason()).append('\n');
        failed.add(check.name());
      }
    }
    if (!unmatched.isEmpty()) {
      String names = unmatched.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
      lines.append("warn: some health checks cannot be excluded: no matches for ").append(names).append('\n');
      LOG.warn("cannot exclude some health checks, no health checks are installed matching {}", names);
    }
    if (!failed.isEmpty()) {
      LOG.info("{} check failed: {}\n{}", String.join(",", failed), name, failureLog);
    }
    return new Report(lines.toString(), List.copyOf(failed));
  }

  private void answer(RoutingContext ctx, Report report, boolean verbose) {
    if (!report.failed().isEmpty()) {
      // Always verbose on failure.
      Responses.textError(ctx, 500, report.lines() + name + " check failed");
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, Responses.TEXT_PLAIN)
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(verbose ? report.lines() + name + " check passed\n" : "ok");
  }

  private void handleOne(RoutingContext ctx) {
    HealthCheck check = checks.get(ctx.pathParam("check"));
    if (check == null) {
      // Not ours: the router's not-found handling answers.
      ctx.next();
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> run(check), false)
        .onSuccess(
            result -> {
              if (result.healthy()) {
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, Responses.TEXT_PLAIN)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end("ok");
              } else {
                Responses.textError(ctx, 500, "internal server error: " + result.reason());
              }
            })
        .onFailure(ctx::fail);
  }

  private static CheckResult run(HealthCheck check) {
    try {
      CheckResult result = check.check();
      return result == null ? CheckResult.failed("check returned no result") : result;
    } catch (RuntimeException e) {
      LOG.warn("health check {} threw", check.name(), e);
      return CheckResult.failed(e.toString());
    }
  }
}
