package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.api.model.Event;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator scenario of issue 8: the operator's shaded jar as a child JVM with the JVM flags we ship, against
 * fabric8's mock kube-apiserver (HTTPS, CRUD) in the bench's JVM whose missing controllers the bench plays;
 * {@code count} ApiServers shaped like a sample are created, {@link #WRITERS} at a time, and the run is timed until every one reports
 * Ready. Then, as the same-run baseline, the end state it reached is written to a fresh mock by the bench itself
 * ({@link ApiFloor}).
 */
public final class OperatorScale {
  /** How long the bench waits for every ApiServer before it reports the run as incomplete. */
  static final Duration PATIENCE = Duration.ofMinutes(5);
  /**
   * ApiServers the bench writes at once, on both sides: its creates of the ApiServers in the operator run, and
   * each ApiServer's objects in the baseline (the operator reconciles up to 50 at once; the machine has 2 cores).
   */
  static final int WRITERS = 8;
  private static final String NAMESPACE = "bench";
  /** Extra JVM flags for the operator, to profile it under this load (e.g. JFR); never set by {@code make bench}. */
  static final String EXTRA_FLAGS = "bench.operator.flags";

  /** Where things are: the operator jar, the CRD, the sample, and what we ship (Dockerfile, manager Deployment). */
  public record Inputs(Path java, Path operatorJar, Path crd, Path sample, Path dockerfile, Path managerDeployment,
      Path workDir) {}

  /**
   * @param readyWithin from the first create to the last ApiServer seen Ready
   * @param perApiServerMillis each ApiServer's time from its own create to its Ready, sorted
   * @param requestKinds those requests by verb and resource
   * @param events the Events the operator wrote about the ApiServers, by type and reason (Warnings are failures)
   * @param operatorCpu CPU time the operator process used in that time
   * @param benchCpu CPU time of the bench's JVM in that time: the mock, the played controllers, the tracker
   * @param operatorRequests every request the mock received in that time (the operator's, the played
   *     controllers' and the bench's creates)
   */
  public record Result(int count, int ready, Duration readyWithin, double[] perApiServerMillis, double residentMiB,
      double peakResidentMiB, Duration operatorCpu, Duration benchCpu, int operatorRequests, Map<String, Integer> requestKinds,
      Map<String, Integer> events, int statusWrites,
      int objects, int statuses, Duration floor, Duration floorBenchCpu, int floorRequests, int floorWorkers,
      ShippedJvm jvm) {
    public double ratio() {
      return readyWithin.toNanos() / (double) floor.toNanos();
    }

    public double percentile(double p) {
      if (perApiServerMillis.length == 0) {
        return Double.NaN;
      }
      return perApiServerMillis[Math.min(perApiServerMillis.length - 1, (int) Math.ceil(p * perApiServerMillis.length) - 1)];
    }
  }

  private OperatorScale() {}

  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static Result run(Inputs inputs, int count) throws Exception {
    ShippedJvm jvm = ShippedJvm.read(inputs.dockerfile(), inputs.dockerfile().toAbsolutePath().getParent(),
        inputs.managerDeployment());
    List<String> flags = new ArrayList<>(jvm.flags());
    String extra = System.getProperty(EXTRA_FLAGS, "").trim();
    if (!extra.isEmpty()) {
      flags.addAll(List.of(extra.split("\\s+")));
    }
    ApiServers apiServers = ApiServers.fromSample(inputs.sample());
    Files.createDirectories(inputs.workDir());
    // Not named after the project: other work on this machine stops processes whose command line says "apiserver".
    Path jar = Files.copy(inputs.operatorJar(), inputs.workDir().resolve("operator-under-test.jar"));

    ApiFloor.Plan plan;
    Result partial;
    try (MockKubernetes kube = MockKubernetes.start(inputs.crd());
        PlayedControllers controllers = new PlayedControllers(kube.client());
        ChildOperator operator = ChildOperator.start(inputs.java(), flags, jar,
            kube.writeKubeconfig(inputs.workDir().resolve("kubeconfig")), inputs.workDir());
        ReadyTracker tracker = new ReadyTracker(kube, NAMESPACE, count)) {
      kube.drainRequests(); // the operator's start-up: its lists and watches
      int requestsBefore = kube.requestCount();
      Duration operatorCpuBefore = operator.cpuTime();
      long benchCpuBefore = benchCpuNanos();
      long[] createdAt = new long[count];
      long started = System.nanoTime();
      ExecutorService creators = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int index = i;
          creates.add(creators.submit(() -> {
            kube.client().genericKubernetesResources(ApiServers.CONTEXT).inNamespace(NAMESPACE)
                .resource(apiServers.numbered(NAMESPACE, index)).create();
            createdAt[index] = System.nanoTime();
            return null;
          }));
        }
        for (Future<?> create : creates) {
          create.get();
        }
      } finally {
        creators.shutdownNow();
      }
      boolean complete = tracker.awaitAll(PATIENCE);
      long finished = System.nanoTime();
      int requests = kube.requestCount() - requestsBefore;
      Map<String, Integer> requestKinds = kube.drainRequests();
      Duration operatorCpu = operator.cpuTime().minus(operatorCpuBefore);
      Duration mockCpu = Duration.ofNanos(benchCpuNanos() - benchCpuBefore);
      ChildOperator.Memory memory = operator.memory();
      controllers.check();
      List<Double> perApiServer = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Long readyAt = tracker.readyAt(apiServers.numbered(NAMESPACE, i).getMetadata().getName());
        if (readyAt != null) {
          perApiServer.add((readyAt - createdAt[i]) / 1e6);
        }
      }
      long lastReady = tracker.readyTimes().stream().mapToLong(Long::longValue).max().orElse(finished);
      double[] sorted = perApiServer.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      if (!complete) {
        throw new IllegalStateException(tracker.readyCount() + " of " + count + " ApiServers Ready after " + PATIENCE
            + " (operator RSS " + memory.residentMiB() + " MiB); see " + operator.log());
      }
      plan = ApiFloor.capture(kube.client(), NAMESPACE);
      Map<String, Integer> events = new TreeMap<>();
      Map<String, String> firstMessages = new TreeMap<>();
      for (Event event : kube.client().v1().events().inNamespace(NAMESPACE).list().getItems()) {
        String kind = event.getType() + " " + event.getReason();
        events.merge(kind, 1, Integer::sum);
        firstMessages.putIfAbsent(kind, event.getMessage());
      }
      System.out.println("operator events: " + events + "\nfirst message of each: " + firstMessages);
      partial = new Result(count, tracker.readyCount(), Duration.ofNanos(lastReady - started), sorted,
          memory.residentMiB(), memory.peakResidentMiB(), operatorCpu, mockCpu, requests, requestKinds, events,
          controllers.statusWrites(),
          plan.objects(), plan.statuses(), null, null, 0, WRITERS, jvm);
    }
    try (MockKubernetes fresh = MockKubernetes.start(inputs.crd())) {
      long benchCpuBefore = benchCpuNanos();
      ApiFloor.Result floor = ApiFloor.replay(plan, fresh, WRITERS);
      Duration floorCpu = Duration.ofNanos(benchCpuNanos() - benchCpuBefore);
      return new Result(partial.count(), partial.ready(), partial.readyWithin(), partial.perApiServerMillis(),
          partial.residentMiB(), partial.peakResidentMiB(), partial.operatorCpu(), partial.benchCpu(),
          partial.operatorRequests(), partial.requestKinds(), partial.events(), partial.statusWrites(), partial.objects(), partial.statuses(), floor.elapsed(),
          floorCpu, floor.requests(), WRITERS, jvm);
    }
  }
}
