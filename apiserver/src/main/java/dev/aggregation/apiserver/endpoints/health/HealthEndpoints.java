package dev.aggregation.apiserver.endpoints.health;

import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * The three health endpoints as kube-apiserver installs them: {@code /healthz} and {@code /livez} run the
 * common checks (ping, log, storage, ...), {@code /readyz} runs those and the readiness-only ones
 * ({@code shutdown}, {@code informer-sync}, ...) after them.
 */
public final class HealthEndpoints {
  private final HealthEndpoint healthz;
  private final HealthEndpoint livez;
  private final HealthEndpoint readyz;

  public HealthEndpoints(List<HealthCheck> common, List<HealthCheck> readinessOnly) {
    List<HealthCheck> ready = new ArrayList<>(common);
    ready.addAll(readinessOnly);
    this.healthz = new HealthEndpoint("healthz", common);
    this.livez = new HealthEndpoint("livez", common);
    this.readyz = new HealthEndpoint("readyz", ready);
  }

  public void mount(Router router) {
    healthz.mount(router);
    livez.mount(router);
    readyz.mount(router);
  }
}
