package dev.aggregation.apiserver.endpoints.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus registry: the request metrics of kube-apiserver and the JVM's own (memory, GC,
 * threads, class loading, CPU, file descriptors, uptime). One instance per server; close it on shutdown.
 */
public final class ApiServerMetrics implements AutoCloseable {
  /** kube-apiserver's buckets of {@code apiserver_request_duration_seconds}. */
  private static final double[] DURATION_BUCKETS_SECONDS = {
    0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60
  };

  /** {@code request_kind} of {@code apiserver_current_inflight_requests}. */
  public enum RequestKind {
    READ_ONLY("readOnly"),
    MUTATING("mutating");

    private final String label;

    RequestKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final AtomicInteger readOnlyInflight = new AtomicInteger();
  private final AtomicInteger mutatingInflight = new AtomicInteger();
  private final Duration[] durationBuckets;
  /**
   * The counter and timer of each label set and code, registered once: building a meter's sorted tags and
   * looking it up in the registry on every request costs more than the request's own bookkeeping. Bounded as
   * the registry is, by the served verbs, resources and codes.
   */
  private final Map<RequestMeterKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

  /** Equality and hash written out, as {@link RequestLabels}'s: looked up for every request. */
  private record RequestMeterKey(RequestLabels labels, int code) {
    @Override
    public boolean equals(Object other) {
      return other instanceof RequestMeterKey key && code == key.code && labels.equals(key.labels);
    }

    @Override
    public int hashCode() {
      return 31 * labels.hashCode() + code;
    }
  }

  private record RequestMeters(Counter count, Timer duration) {}

  public ApiServerMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    inflightGauge(RequestKind.READ_ONLY, readOnlyInflight);
    inflightGauge(RequestKind.MUTATING, mutatingInflight);
    this.durationBuckets = new Duration[DURATION_BUCKETS_SECONDS.length];
    for (int i = 0; i < DURATION_BUCKETS_SECONDS.length; i++) {
      durationBuckets[i] = Duration.ofNanos(Math.round(DURATION_BUCKETS_SECONDS[i] * 1e9));
    }
  }

  private void inflightGauge(RequestKind kind, AtomicInteger value) {
    Gauge.builder("apiserver.current.inflight.requests", value, AtomicInteger::get)
        .description("Maximal number of currently used inflight request limit of this apiserver per request kind in last second.")
        .tag("request_kind", kind.label())
        .register(registry);
  }

  /** Counts one finished request and its latency. */
  public void recordRequest(RequestLabels labels, int code, Duration elapsed) {
    RequestMeters meters = requestMeters.computeIfAbsent(new RequestMeterKey(labels, code), this::register);
    meters.count().increment();
    meters.duration().record(elapsed);
  }

  private RequestMeters register(RequestMeterKey key) {
    RequestLabels labels = key.labels();
    Tags tags =
        Tags.of(
            "verb", labels.verb(),
            "group", labels.group(),
            "version", labels.version(),
            "resource", labels.resource(),
            "subresource", labels.subresource(),
            "scope", labels.scope(),
            "component", labels.component());
    Counter count = Counter.builder("apiserver.request")
        .description("Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.")
        .tags(tags)
        .tag("code", Integer.toString(key.code()))
        .register(registry);
    Timer duration = Timer.builder("apiserver.request.duration")
        .description("Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.")
        .tags(tags)
        .serviceLevelObjectives(durationBuckets)
        .register(registry);
    return new RequestMeters(count, duration);
  }

  /** A request of {@code kind} started: counts it in {@code apiserver_current_inflight_requests}. */
  public void inflightStarted(RequestKind kind) {
    counter(kind).incrementAndGet();
  }

  /** A request of {@code kind} finished. */
  public void inflightFinished(RequestKind kind) {
    counter(kind).decrementAndGet();
  }

  private AtomicInteger counter(RequestKind kind) {
    return kind == RequestKind.READ_ONLY ? readOnlyInflight : mutatingInflight;
  }

  /** Everything in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  /** For other parts of the server that publish their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
