package dev.aggregation.bench;

import dev.aggregation.bench.load.CeilingProcess;
import dev.aggregation.bench.load.CeilingServer;
import dev.aggregation.bench.load.CeilingSpec;
import dev.aggregation.bench.load.ChildServer;
import dev.aggregation.bench.load.CpuClock;
import dev.aggregation.bench.load.CpuMeter;
import dev.aggregation.bench.load.Etcd;
import dev.aggregation.bench.load.Https;
import dev.aggregation.bench.load.WatchFanout;
import dev.aggregation.bench.load.Wrk;
import dev.aggregation.bench.operator.OperatorScale;
import dev.aggregation.bench.report.Chart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * `make bench`: every figure of docs/benchmarks.md, measured in one run on this machine, each beside the baseline
 * it is divided by. Arguments: the apiserver's shaded jar, the docs directory, optionally the seconds of each wrk
 * run, the scenarios to run, and the operator's shaded jar (for {@code operator}).
 */
public final class BenchMain {
  private static final String GROUP_PATH = "/apis/wardle.example.com/v1beta1/namespaces/";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  /** What {@code BENCH_ONLY} may name; a run of a few of them is for working on one path, not for the report. */
  static final List<String> SCENARIOS = List.of("jmh", "get", "list", "table", "create", "etcd", "memory", "startup",
      "operator");
  private static final Path JAVA25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  private final Path jar;
  private final Path docs;
  private final Path scratch;
  private final Report report;
  private final Vertx vertx = Vertx.vertx();
  private final Wrk wrk;
  private final List<Chart.Bar> bars = new ArrayList<>();

  private final Set<String> only;
  private final Path operatorJar;
  private final CpuClock clock;

  private BenchMain(Path jar, Path docs, Path scratch, int wrkSeconds, Set<String> only, Path operatorJar, CpuClock clock) {
    this.clock = clock;
    this.only = only;
    this.operatorJar = operatorJar;
    this.jar = jar;
    this.docs = docs;
    this.scratch = scratch;
    this.report = new Report(Runtime.getRuntime().availableProcessors());
    this.wrk = new Wrk(2, 32, wrkSeconds, scratch, clock);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: BenchMain <apiserver.jar> <docs dir> [wrk seconds] [only: "
          + String.join(",", SCENARIOS) + "] [operator.jar]");
    }
    int wrkSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Set<String> only = args.length > 3 && !args[3].isBlank() ? Set.of(args[3].split(",")) : Set.copyOf(SCENARIOS);
    if (!SCENARIOS.containsAll(only)) {
      throw new IllegalArgumentException("unknown scenario in " + only + "; known: " + SCENARIOS);
    }
    // Neither the scratch directory nor the jar copy says "apiserver": other work sharing this machine stops
    // processes whose command line does, which would end the run half way.
    Path scratch = Files.createTempDirectory("perf-bench");
    Path jar = Files.copy(Path.of(args[0]), scratch.resolve("server-under-test.jar"));
    Path operatorJar = Path.of(args.length > 4 ? args[4] : "operator/target/operator.jar");
    BenchMain bench = new BenchMain(jar, Path.of(args[1]), scratch, wrkSeconds, only, operatorJar,
        CpuClock.system());
    try {
      bench.run();
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    report.machine(wrk);
    phase("JMH", "jmh", this::microbenchmarks);
    if (only.contains("get") || only.contains("list") || only.contains("table") || only.contains("create")) {
      phase("load on the embedded store", null, this::loadOnEmbeddedStore);
    }
    phase("CREATE on etcd", "etcd", this::loadOnEtcd);
    phase("memory and watchers", "memory", this::memoryAndWatchers);
    phase("start to /readyz", "startup", this::startup);
    phase("operator: 100 ApiServers", "operator", this::operatorScale);
    System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.png"));
  }

  private interface Phase {
    void run() throws Exception;
  }

  /** Runs one phase and rewrites the report after it, so that a run cut short still leaves what it measured. */
  private void phase(String name, String scenario, Phase phase) throws IOException {
    if (scenario != null && !only.contains(scenario)) {
      return;
    }
    try {
      phase.run();
    } catch (Exception e) {
      report.skipped(name, e.toString().lines().findFirst().orElse(""));
      e.printStackTrace();
    }
    if (!bars.isEmpty()) {
      Chart.write(bars, "apiserver vs ceiling (wrk, " + wrk.connections() + " connections, " + wrk.seconds() + " s each)",
          docs.resolve("benchmarks.png").toFile());
    }
    Files.writeString(docs.resolve("benchmarks.md"), report.render(), StandardCharsets.UTF_8);
  }

  // ---- JMH -------------------------------------------------------------------------------------------------

  private void microbenchmarks() throws Exception {
    Options options = new OptionsBuilder().include("dev\\.aggregation\\.bench\\.jmh\\..*")
        .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
        .measurementIterations(3).measurementTime(TimeValue.seconds(1)).threads(1)
        .jvmArgsAppend("-Xmx512m").shouldFailOnError(true).build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.') + 1);
      scores.put(label, new double[] {result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
    }
    report.jmh(scores);
  }

  // ---- load ------------------------------------------------------------------------------------------------

  /**
   * The flags the image ships (its jvm.options) under the memory limit the operator gives the apiserver container
   * by default: -XX:MaxRAM stands in for the cgroup limit the JVM would see in the pod.
   */
  static final List<String> SHIPPED_FLAGS = List.of("@" + Path.of("apiserver/src/main/jib/app/jvm.options").toAbsolutePath(),
      "-XX:MaxRAM=512m");

  private ChildServer.Launch launch(String name) {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    return new ChildServer.Launch(java, SHIPPED_FLAGS, jar, scratch.resolve(name), null);
  }

  /**
   * A ceiling in a JVM of its own, with the java and JVM flags of the apiserver child {@code launch} starts:
   * the same JVM, GC and heap as the server under test, so that only the work differs.
   */
  private CeilingProcess ceiling(ChildServer.Launch launch, String name, CeilingSpec spec) throws Exception {
    return CeilingProcess.start(launch, scratch.resolve("ceiling-" + name), spec);
  }

  private void loadOnEmbeddedStore() throws Exception {
    ChildServer.Launch launch = launch("embedded");
    try (ChildServer server = ChildServer.start(vertx, launch);
        Https https = new Https(vertx, server.port(), ChildServer.TOKEN, 32)) {
      createMany(https, "default", "one", 1);
      createMany(https, "list500", "item", 500);
      String get = GROUP_PATH + "default/flunders/one-0";
      String list = GROUP_PATH + "list500/flunders";
      String create = GROUP_PATH + "load/flunders";
      String createBody = flunder(null, "load-").encode();
      // every answer recorded before the ceiling starts: its JVM reads them once, from files
      Map<String, CeilingServer.Canned> answers = new LinkedHashMap<>();
      answers.put("/get", canned(https.call(HttpMethod.GET, get, "application/json", null)));
      answers.put("/list", canned(https.call(HttpMethod.GET, list, "application/json", null)));
      answers.put("/table", canned(https.call(HttpMethod.GET, list, TABLE, null)));
      answers.put("/create", canned(https.call(HttpMethod.POST, create, "application/json", flunder("recorded", null).toBuffer())));
      try (CeilingProcess ceiling = ceiling(launch, "embedded", new CeilingSpec.Answers(answers))) {
        loadScenarios(server, ceiling, get, list, create, createBody);
      }
    }
  }

  private void loadScenarios(ChildServer server, CeilingProcess ceiling, String get, String list, String create, String createBody)
      throws Exception {
    String base = "https://127.0.0.1:" + server.port();
    String ceil = "https://127.0.0.1:" + ceiling.port();
    Cpu cpu = new Cpu(jvm(server.pid()), jvm(ceiling.pid()));
    if (only.contains("get")) {
      loadPair(wrk, "GET one object", base + get, ceil + "/get", "application/json", null, cpu);
    }
    // LIST twice: at 32 connections for throughput against the ceiling, and on one connection for the latency
    // of a list itself (a controller's initial list), which queueing behind 31 others does not blur.
    Wrk single = wrk.withConnections(1, 1);
    if (only.contains("list")) {
      loadPair(wrk, "LIST 500 (JSON)", base + list, ceil + "/list", "application/json", null, cpu);
      loadPair(single, "LIST 500 (JSON), 1 connection", base + list, ceil + "/list", "application/json", null, cpu);
    }
    if (only.contains("table")) {
      loadPair(wrk, "LIST 500 (Table)", base + list, ceil + "/table", TABLE, null, cpu);
      loadPair(single, "LIST 500 (Table), 1 connection", base + list, ceil + "/table", TABLE, null, cpu);
    }
    if (only.contains("create")) {
      loadPair(wrk, "CREATE (embedded)", base + create, ceil + "/create", "application/json", createBody, cpu);
    }
  }

  /** The apiserver and the ceiling JVMs under load. */
  private record Cpu(Wrk.Jvm server, Wrk.Jvm ceiling) {}

  /** The JVM of process {@code pid}: its CPU, and its compiler threads' for the warm-up. */
  private Wrk.Jvm jvm(long pid) {
    return new Wrk.Jvm(clock.meter(pid), clock.compilerThreads(pid));
  }

  private void loadPair(Wrk wrk, String scenario, String url, String ceilingUrl, String accept, String postBody, Cpu cpu)
      throws Exception {
    Wrk.Result ceiling = wrk.run(ceilingUrl, null, accept, postBody, Map.of(Report.CEILING, cpu.ceiling().process()), cpu.ceiling());
    // the apiserver keeps what it is sent; the ceiling keeps nothing
    Wrk serverWrk = postBody == null ? wrk : wrk.withWarmUpDeletingItsCreates();
    Wrk.Result server = serverWrk.run(url, ChildServer.TOKEN, accept, postBody, Map.of(Report.APISERVER, cpu.server().process()),
        cpu.server());
    report.load(scenario, server, ceiling);
    bars.add(new Chart.Bar(scenario, server.requestsPerSecond(), ceiling.requestsPerSecond(), server.p99Millis(), ceiling.p99Millis()));
  }

  /**
   * CREATE through the apiserver on etcd against raw jetcd writes to the same etcd. The raw writes carry the bytes
   * the apiserver stores for such a create (its answer to one, which is the stored object plus its
   * resourceVersion), with as many in flight as wrk has connections; the baseline is the create-shaped
   * transaction the apiserver sends, and plain puts are measured beside it for reference. Between the two, the
   * proxy ceiling sends the same transaction for each of wrk's requests, driven by the same wrk command as the
   * apiserver: what TLS and HTTP on these cores leave of the raw throughput.
   */
  private static final int ETCD_WARM_UP_SECONDS = 20;
  /**
   * With the shipped flags on two cores, the apiserver's JIT took 110 s of creates and deletes on etcd to fall under
   * a tenth of its CPU (its CPU per request from 6.9 ms to 0.6 ms), by hand: the gRPC client adds much code to compile.
   */
  private static final int ETCD_MAX_WARM_UP_SECONDS = 180;

  private void loadOnEtcd() throws Exception {
    ChildServer.Launch launch = launch("on-etcd");
    try (Etcd etcd = Etcd.start(scratch.resolve("etcd"));
        ChildServer server = ChildServer.start(vertx, launch.onEtcd(etcd.endpoint()))) {
      byte[] stored;
      CeilingServer.Canned answer;
      try (Https https = new Https(vertx, server.port(), ChildServer.TOKEN, 1)) {
        HttpResponse<Buffer> created = https.call(HttpMethod.POST, GROUP_PATH + "load/flunders", "application/json",
            flunder(null, "load-").toBuffer());
        if (created.statusCode() != 201) {
          throw new IllegalStateException("create on etcd answered " + created.statusCode() + ": " + created.bodyAsString());
        }
        stored = created.body().getBytes();
        answer = new CeilingServer.Canned(created.statusCode(), created.getHeader("Content-Type"), created.body());
      }
      Duration duration = Duration.ofSeconds(wrk.seconds());
      CpuMeter etcdCpu = clock.meter(etcd.pid());
      Wrk.Jvm bench = jvm(ProcessHandle.current().pid());
      Etcd.Raw txns = etcd.rawThroughput(Etcd.RawWrite.CREATE_TXN, stored, wrk.connections(), duration,
          Map.of(Report.ETCD, etcdCpu, Report.JETCD_CLIENT, clock.thisJvm()), bench, ETCD_MAX_WARM_UP_SECONDS);
      double puts = etcd.rawThroughput(Etcd.RawWrite.PUT, stored, wrk.connections(), duration, Map.of(), bench,
          ETCD_MAX_WARM_UP_SECONDS).writesPerSecond();
      String path = GROUP_PATH + "load/flunders";
      String body = flunder(null, "load-").encode();
      // After 6 s of creates the JIT is still compiling the etcd path on both sides (the proxy ceiling's rate
      // nearly doubled from its first 5 s run to its third), so both warm up at least as long as the hand
      // measurement did, and until their compilers are quiet.
      Wrk warm = wrk.withWarmUp(ETCD_WARM_UP_SECONDS, ETCD_MAX_WARM_UP_SECONDS);
      Wrk.Result proxy;
      try (CeilingProcess ceiling = ceiling(launch, "on-etcd",
          new CeilingSpec.CreateProxy(etcd.endpoint(), Buffer.buffer(stored), answer))) {
        proxy = warm.run("https://127.0.0.1:" + ceiling.port() + path, ChildServer.TOKEN, "application/json", body,
            Map.of(Report.CEILING, clock.meter(ceiling.pid()), Report.ETCD, etcdCpu), jvm(ceiling.pid()));
      }
      Wrk.Result creates = warm.withWarmUpDeletingItsCreates().run("https://127.0.0.1:" + server.port() + path, ChildServer.TOKEN, "application/json", body,
          Map.of(Report.APISERVER, clock.meter(server.pid()), Report.ETCD, etcdCpu), jvm(server.pid()));
      report.etcd(creates, proxy, txns, puts, stored.length);
      bars.add(new Chart.Bar("CREATE (etcd)", creates.requestsPerSecond(), proxy.requestsPerSecond(), creates.p99Millis(),
          proxy.p99Millis()));
    } catch (IOException | IllegalStateException e) {
      report.skipped("CREATE on etcd", e.toString());
    }
  }

  private static final int FANOUT_WRITES = 10;
  /**
   * Writes to the 1,000 watches before the timed ones: on a server just started, the first events of the fan-out
   * path run in the interpreter and the first compiles (by hand, the p99 of each write fell from 110–340 ms for the
   * first to 40–60 ms by the eighth, the fan-out ceiling's alike), where every other load run is measured once the
   * JIT has settled.
   */
  private static final int FANOUT_WARM_UP_WRITES = 10;

  private void memoryAndWatchers() throws Exception {
    for (List<String> flags : List.of(List.<String>of(), SHIPPED_FLAGS)) {
      WatchFanout.Result single;
      WatchFanout.Result many;
      ChildServer.Launch launch = launch("memory-" + flags.size()).withFlags(flags);
      try (ChildServer server = ChildServer.start(vertx, launch);
          Https https = new Https(vertx, server.port(), ChildServer.TOKEN, 32)) {
        Thread.sleep(2_000); // let start-up garbage settle, as a pod would be measured a moment after start
        double afterStart = server.residentMiB();
        createMany(https, "mem", "obj", 10_000);
        WatchFanout fanout = new WatchFanout(vertx, server.port());
        single = fanout.run("watch", 1, 0, FANOUT_WRITES, Duration.ofMillis(100), () -> {});
        double[] loaded = new double[1];
        many = fanout.run("watch2", 1_000, FANOUT_WARM_UP_WRITES, FANOUT_WRITES, Duration.ofMillis(300), () -> {
          try {
            loaded[0] = server.residentMiB();
          } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's RSS", e);
          }
        });
        report.memory(flags, afterStart, loaded[0]);
      }
      // the watch goal is judged with the flags the image ships, as the memory goals are
      if (flags.equals(SHIPPED_FLAGS)) {
        report.watch(single, many, fanoutCeiling(launch, single));
      }
    }
  }

  /**
   * The same two fan-out runs against the fan-out ceiling, which answers with the bytes the apiserver's
   * single-watcher run recorded, in a JVM of its own with that apiserver's java and flags ({@code launch}); run
   * after the apiserver has stopped.
   * Empty (and noted as skipped) if that run did not record every event or the ceiling's runs fail.
   */
  private List<WatchFanout.Result> fanoutCeiling(ChildServer.Launch launch, WatchFanout.Result recorded) {
    if (recorded.recording().isEmpty()) {
      report.skipped("watch fan-out ceiling", "the apiserver's single-watcher run did not deliver every event to record");
      return List.of();
    }
    try (CeilingProcess ceiling = ceiling(launch, "fanout", new CeilingSpec.Fanout(recorded.recording().get()))) {
      WatchFanout fanout = new WatchFanout(vertx, ceiling.port());
      WatchFanout.Result single = fanout.run("watch", 1, 0, FANOUT_WRITES, Duration.ofMillis(100), () -> {});
      WatchFanout.Result many = fanout.run("watch2", 1_000, FANOUT_WARM_UP_WRITES, FANOUT_WRITES, Duration.ofMillis(300), () -> {});
      return List.of(single, many);
    } catch (Exception e) {
      report.skipped("watch fan-out ceiling", e.toString().lines().findFirst().orElse(""));
      e.printStackTrace();
      return List.of();
    }
  }

  private void startup() throws Exception {
    Map<String, double[]> timings = new LinkedHashMap<>();
    ChildServer.Launch base = launch("startup");
    timings.put("Java 17, shipped flags", timeStarts(base, 3));
    Path cds = scratch.resolve("app.jsa");
    train(base.plusFlags(List.of("-XX:ArchiveClassesAtExit=" + cds)));
    if (Files.exists(cds)) {
      timings.put("Java 17, shipped flags + AppCDS archive", timeStarts(base.plusFlags(List.of("-XX:SharedArchiveFile=" + cds)), 3));
    }
    if (Files.isExecutable(JAVA25)) {
      ChildServer.Launch java25 = base.withJava(JAVA25);
      timings.put("Java 25, shipped flags", timeStarts(java25, 3));
      Path aot = scratch.resolve("app.aot");
      train(java25.plusFlags(List.of("-XX:AOTCacheOutput=" + aot)));
      if (Files.exists(aot)) {
        timings.put("Java 25, shipped flags + AOT cache", timeStarts(java25.plusFlags(List.of("-XX:AOTCache=" + aot)), 3));
      }
    }
    report.startup(timings);
  }

  private void train(ChildServer.Launch launch) throws Exception {
    try (ChildServer server = ChildServer.start(vertx, launch);
        Https https = new Https(vertx, server.port(), ChildServer.TOKEN, 4)) {
      // trainings share the data directory: each its own namespace
      String namespace = "training-" + Long.toUnsignedString(System.nanoTime() % 1_000_000_000L);
      createMany(https, namespace, "t", 50);
      https.call(HttpMethod.GET, GROUP_PATH + namespace + "/flunders", TABLE, null);
    }
  }

  private double[] timeStarts(ChildServer.Launch launch, int runs) throws Exception {
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      try (ChildServer server = ChildServer.start(vertx, launch)) {
        millis[i] = server.startToReady().toNanos() / 1e6;
      }
    }
    return millis;
  }

  // ---- operator ------------------------------------------------------------------------------------------

  /** Paths are the project's (make runs the bench from the project root). */
  private void operatorScale() throws Exception {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    report.operator(OperatorScale.run(new OperatorScale.Inputs(java, operatorJar,
        Path.of("config/crd/bases/apiservers.aggregation.dev-v1.yml"),
        Path.of("config/samples/aggregation.dev_v1alpha1_apiserver_embedded.yaml"), Path.of("operator.Dockerfile"),
        Path.of("config/manager/manager.yaml"), scratch.resolve("operator")), 100));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static JsonObject flunder(String name, String generateName) {
    JsonObject metadata = new JsonObject().put("labels", new JsonObject().put("app", "web").put("tier", "frontend"));
    if (name != null) {
      metadata.put("name", name);
    } else {
      metadata.put("generateName", generateName);
    }
    return new JsonObject().put("apiVersion", "wardle.example.com/v1beta1").put("kind", "Flunder").put("metadata", metadata)
        .put("spec", new JsonObject().put("flunderReference", "other").put("referenceType", "Flunder"));
  }

  /** Creates {@code count} objects with up to 32 requests in flight. */
  private static void createMany(Https https, String namespace, String prefix, int count) {
    String path = GROUP_PATH + namespace + "/flunders";
    List<Future<HttpResponse<Buffer>>> window = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      window.add(https.send(HttpMethod.POST, path, "application/json", flunder(prefix + "-" + i, null).toBuffer()));
      if (window.size() == 32 || i == count - 1) {
        for (Future<HttpResponse<Buffer>> f : window) {
          HttpResponse<Buffer> response = https.await(f, Duration.ofSeconds(60));
          if (response.statusCode() != 201) {
            throw new IllegalStateException("create in " + namespace + " answered " + response.statusCode() + ": " + response.bodyAsString());
          }
        }
        window.clear();
      }
    }
  }

  private static CeilingServer.Canned canned(HttpResponse<Buffer> response) {
    return new CeilingServer.Canned(response.statusCode(), response.getHeader("Content-Type"), response.body());
  }

  static String format(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }

  static String now() {
    return Instant.now().toString();
  }
}
