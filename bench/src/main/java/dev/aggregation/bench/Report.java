package dev.aggregation.bench;

import static dev.aggregation.bench.BenchMain.format;

import dev.aggregation.bench.load.Etcd;
import dev.aggregation.bench.load.WatchFanout;
import dev.aggregation.bench.load.Wrk;
import dev.aggregation.bench.operator.OperatorScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** docs/benchmarks.md: sections filled as the run goes, then the goals of issue 8 judged against them. */
final class Report {
  /** Names of the processes whose CPU time the load runs watch (keys of {@link Wrk.Result#cpuMicrosPerRequest()}). */
  static final String APISERVER = "apiserver";
  static final String CEILING = "ceiling";
  static final String ETCD = "etcd";
  static final String JETCD_CLIENT = "jetcd client";

  private final int cores;
  private final StringBuilder machine = new StringBuilder();
  private final StringBuilder jmh = new StringBuilder();
  private final StringBuilder load = new StringBuilder();
  private final StringBuilder loadNotes = new StringBuilder();
  private final StringBuilder cpu = new StringBuilder();
  private final StringBuilder etcdCpu = new StringBuilder();
  private final StringBuilder memory = new StringBuilder();
  private final StringBuilder watch = new StringBuilder();
  private final StringBuilder startup = new StringBuilder();
  private final StringBuilder operator = new StringBuilder();
  private final List<String> goals = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  /** @param cores the machine's cores, which wrk and the process under load share */
  Report(int cores) {
    this.cores = cores;
  }

  void machine(Wrk wrk) throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    machine.append("| | |\n|---|---|\n")
        .append("| run at | ").append(BenchMain.now()).append(" |\n")
        .append("| CPUs | ").append(Runtime.getRuntime().availableProcessors()).append(" × ").append(cpu).append(" |\n")
        .append("| memory | ").append(mem).append(" |\n")
        .append("| kernel | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n")
        .append("| Java (bench, servers) | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(" |\n")
        .append("| load average at start | ").append(load).append(" (the machine is shared with other work) |\n")
        .append("| wrk | 2 threads, ").append(wrk.connections()).append(" connections, ").append(wrk.seconds())
        .append(" s per run, HTTP/1.1 over TLS, on the same 2 cores as the server |\n");
  }

  void jmh(Map<String, double[]> scores) {
    jmh.append("| path | baseline (same run) | baseline ops/s | measured ops/s | ratio to baseline |\n|---|---|---:|---:|---:|\n");
    row(scores, "JSON decode + prune + strict fields", "decodeBaselineJacksonReadTree", "decodeAndPrune");
    row(scores, "JSON encode", "encodeBaselineJacksonWrite", "encode");
    row(scores, "conversion v1alpha1 → hub → v1beta1", "conversionBaselineTwoDeepCopies", "convertV1alpha1ToHubToV1beta1");
    row(scores, "label selector match (3 requirements)", "selectorBaselineMapLookups", "selectorMatch");
    row(scores, "SubjectAccessReview cache hit", "authorizationBaselineBareCacheLookup", "subjectAccessReviewCacheHit");
    row(scores, "LIST 500 from the watch cache", "listBaselineSqliteStore", "listFromWatchCache");
  }

  private void row(Map<String, double[]> scores, String path, String baseline, String measured) {
    double[] b = scores.get(baseline);
    double[] m = scores.get(measured);
    if (b == null || m == null) {
      jmh.append("| ").append(path).append(" | ").append(baseline).append(" | – | – | not run |\n");
      return;
    }
    jmh.append("| ").append(path).append(" | `").append(baseline).append("` | ").append(format(b[0])).append(" ± ").append(format(b[1]))
        .append(" | ").append(format(m[0])).append(" ± ").append(format(m[1])).append(" | ").append(format(m[0] / b[0])).append(" |\n");
  }

  private void loadHeader() {
    if (load.isEmpty()) {
      load.append("| scenario | apiserver req/s | ceiling req/s | ratio | apiserver p50 / p99 ms | ceiling p50 / p99 ms | non-2xx |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|\n");
    }
  }

  void load(String scenario, Wrk.Result server, Wrk.Result ceiling) {
    loadHeader();
    double ratio = server.requestsPerSecond() / ceiling.requestsPerSecond();
    load.append("| ").append(scenario).append(" | ").append(format(server.requestsPerSecond())).append(" | ")
        .append(format(ceiling.requestsPerSecond())).append(" | ").append(format(ratio)).append(" | ")
        .append(format(server.p50Millis())).append(" / ").append(format(server.p99Millis())).append(" | ")
        .append(format(ceiling.p50Millis())).append(" / ").append(format(ceiling.p99Millis())).append(" | ")
        .append(server.non2xx()).append(server.errors().isEmpty() ? "" : ", " + server.errors()).append(" |\n");
    cpu(scenario, server, ceiling, ratio);
    switch (scenario) {
      case "GET one object" -> {
        goal("GET ≥ 50% of the ceiling's req/s", format(ratio * 100) + "% of the ceiling", ratio >= 0.5);
        goal("GET p99 < 10 ms at 32 connections", format(server.p99Millis()) + " ms", server.p99Millis() < 10);
      }
      case "LIST 500 (JSON)", "LIST 500 (Table)" ->
          goal(scenario + " p99 < 50 ms at 32 connections (ceiling's p99: " + format(ceiling.p99Millis()) + " ms)",
              format(server.p99Millis()) + " ms", server.p99Millis() < 50);
      case "LIST 500 (JSON), 1 connection", "LIST 500 (Table), 1 connection" ->
          goal(scenario.replace(", 1 connection", "") + " p99 < 50 ms on one connection", format(server.p99Millis()) + " ms",
              server.p99Millis() < 50);
      case "CREATE (embedded)" ->
          goal("CREATE ≥ 2,000/s on the embedded store", format(server.requestsPerSecond()) + "/s", server.requestsPerSecond() >= 2000);
      default -> { }
    }
  }

  /**
   * A row of the CPU table: the CPU per request of the server, the ceiling and wrk in each run, and what the cores
   * would answer if the pair (server and wrk) had them to itself, whose ratio is the one the CPU predicts.
   */
  private void cpu(String scenario, Wrk.Result server, Wrk.Result ceiling, double measuredRatio) {
    if (cpu.isEmpty()) {
      cpu.append("| scenario | apiserver µs | ceiling µs | apiserver ÷ ceiling | wrk µs (apiserver run / ceiling run) ")
          .append("| req/s at ").append(cores).append(" cores ÷ (server + wrk) CPU: apiserver / ceiling ")
          .append("| ratio the CPU predicts | measured ratio |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    }
    double apiserver = server.cpuMicrosPerRequest(APISERVER);
    double ceil = ceiling.cpuMicrosPerRequest(CEILING);
    OptionalDouble serverRate = cpuBoundRate(apiserver, server.wrkCpuMicrosPerRequest());
    OptionalDouble ceilingRate = cpuBoundRate(ceil, ceiling.wrkCpuMicrosPerRequest());
    cpu.append("| ").append(scenario).append(" | ").append(format(apiserver)).append(" | ").append(format(ceil)).append(" | ")
        .append(format(apiserver / ceil)).append(" | ").append(micros(server.wrkCpuMicrosPerRequest())).append(" / ")
        .append(micros(ceiling.wrkCpuMicrosPerRequest())).append(" | ").append(rate(serverRate)).append(" / ")
        .append(rate(ceilingRate)).append(" | ")
        .append(serverRate.isPresent() && ceilingRate.isPresent()
            ? format(serverRate.getAsDouble() / ceilingRate.getAsDouble()) : "–")
        .append(" | ").append(format(measuredRatio)).append(" |\n");
  }

  /** Requests per second the cores would answer spending {@code micros} of CPU per request, if they did nothing else. */
  private OptionalDouble cpuBoundRate(double serverMicros, OptionalDouble wrkMicros) {
    return wrkMicros.isPresent() ? OptionalDouble.of(cores * 1e6 / (serverMicros + wrkMicros.getAsDouble())) : OptionalDouble.empty();
  }

  private static String micros(OptionalDouble micros) {
    return micros.isPresent() ? format(micros.getAsDouble()) : "–";
  }

  private static String rate(OptionalDouble perSecond) {
    return perSecond.isPresent() ? format(perSecond.getAsDouble()) : "–";
  }

  /**
   * @param proxy the proxy ceiling under the same wrk command: the same create transaction per request, behind
   *     TLS and HTTP, with no other work
   * @param raw raw create-shaped transactions (the baseline: what the apiserver sends etcd), with the CPU per
   *     transaction of etcd and of the jetcd client
   * @param jetcdPuts raw puts per second, for reference
   */
  void etcd(Wrk.Result creates, Wrk.Result proxy, Etcd.Raw raw, double jetcdPuts, int valueBytes) {
    double jetcdCreates = raw.writesPerSecond();
    double ratio = creates.requestsPerSecond() / jetcdCreates;
    double ofProxy = creates.requestsPerSecond() / proxy.requestsPerSecond();
    double proxyOfRaw = proxy.requestsPerSecond() / jetcdCreates;
    loadHeader();
    load.append("| CREATE (etcd) vs the proxy ceiling (the same create transaction per request, no other work) | ")
        .append(format(creates.requestsPerSecond())).append(" | ").append(format(proxy.requestsPerSecond())).append(" | ")
        .append(format(ofProxy)).append(" | ").append(format(creates.p50Millis())).append(" / ").append(format(creates.p99Millis()))
        .append(" | ").append(format(proxy.p50Millis())).append(" / ").append(format(proxy.p99Millis())).append(" | ")
        .append(creates.non2xx()).append(proxy.non2xx() == 0 ? "" : " (proxy ceiling: " + proxy.non2xx() + ")")
        .append(proxy.errors().isEmpty() ? "" : ", proxy ceiling " + proxy.errors()).append(" |\n");
    load.append("| CREATE (etcd) vs raw jetcd create transactions | ").append(format(creates.requestsPerSecond())).append(" | ")
        .append(format(jetcdCreates)).append(" (jetcd txn puts/s if create revision = 0, 32 in flight; plain puts: ")
        .append(format(jetcdPuts)).append("/s; ").append(valueBytes).append(" B values) | ").append(format(ratio)).append(" | ")
        .append(format(creates.p50Millis())).append(" / ").append(format(creates.p99Millis())).append(" | – | ")
        .append(creates.non2xx()).append(" |\n");
    loadNotes.append("CREATE on etcd: the proxy ceiling reaches ").append(format(proxyOfRaw))
        .append(" of the raw create transactions' rate (what TLS and HTTP to the client on these 2 shared cores leave), and the apiserver ")
        .append(format(ofProxy)).append(" of the proxy ceiling's (what our engine costs beyond that); ")
        .append(format(proxyOfRaw)).append(" × ").append(format(ofProxy)).append(" = ").append(format(ratio)).append(" of raw.\n");
    etcdCpu(creates, proxy, raw);
    goal("CREATE on etcd ≥ 70% of raw jetcd throughput (the same create transaction)",
        format(ratio * 100) + "% of raw; the proxy ceiling (the same transaction behind TLS and HTTP, no other work): "
            + format(proxyOfRaw * 100) + "%",
        verdict(ratio >= 0.7, proxyOfRaw >= 0.7));
  }

  /** The CPU per create (or per raw transaction) of every process on the path, beside the rate it would allow. */
  private void etcdCpu(Wrk.Result creates, Wrk.Result proxy, Etcd.Raw raw) {
    etcdCpu.append("| run | server µs | etcd µs | client µs | total µs | per second at ").append(cores)
        .append(" cores ÷ total | measured per second |\n|---|---:|---:|---:|---:|---:|---:|\n");
    etcdCpuRow("apiserver on etcd, per create (client: wrk)", OptionalDouble.of(creates.cpuMicrosPerRequest(APISERVER)),
        creates.cpuMicrosPerRequest(ETCD), creates.wrkCpuMicrosPerRequest(), creates.requestsPerSecond());
    etcdCpuRow("proxy ceiling, per create (client: wrk)", OptionalDouble.of(proxy.cpuMicrosPerRequest(CEILING)), proxy.cpuMicrosPerRequest(ETCD),
        proxy.wrkCpuMicrosPerRequest(), proxy.requestsPerSecond());
    Double rawEtcd = raw.cpuMicrosPerWrite().get(ETCD);
    Double rawClient = raw.cpuMicrosPerWrite().get(JETCD_CLIENT);
    if (rawEtcd == null || rawClient == null) {
      throw new IllegalArgumentException("the raw run measured the CPU of " + raw.cpuMicrosPerWrite().keySet()
          + ", not of " + ETCD + " and " + JETCD_CLIENT);
    }
    etcdCpuRow("raw jetcd create transactions, per transaction (client: the bench JVM, jetcd)", OptionalDouble.empty(), rawEtcd,
        OptionalDouble.of(rawClient), raw.writesPerSecond());
  }

  /** @param server empty where no server stands between the client and etcd */
  private void etcdCpuRow(String run, OptionalDouble server, double etcd, OptionalDouble client, double measured) {
    OptionalDouble total = client.isPresent()
        ? OptionalDouble.of(server.orElse(0) + etcd + client.getAsDouble()) : OptionalDouble.empty();
    etcdCpu.append("| ").append(run).append(" | ").append(micros(server)).append(" | ").append(format(etcd))
        .append(" | ").append(micros(client)).append(" | ").append(micros(total)).append(" | ")
        .append(total.isPresent() ? format(cores * 1e6 / total.getAsDouble()) : "–").append(" | ").append(format(measured))
        .append(" |\n");
  }

  void memory(List<String> flags, double afterStart, double loaded) {
    if (memory.isEmpty()) {
      memory.append("| JVM flags | RSS after start (MiB) | RSS with 10,000 objects and 1,000 watchers (MiB) |\n|---|---:|---:|\n");
    }
    String label = flags.isEmpty() ? "Java 17 defaults (no flags; for comparison)"
        : "shipped: `apiserver/src/main/jib/app/jvm.options` under a 512 MiB limit (`-XX:MaxRAM=512m`)";
    memory.append("| ").append(label).append(" | ").append(format(afterStart)).append(" | ").append(format(loaded)).append(" |\n");
    if (!flags.isEmpty()) {
      goal("RSS < 150 MiB after start (shipped flags)", format(afterStart) + " MiB", afterStart < 150);
      goal("RSS < 300 MiB with 10,000 objects and 1,000 watchers (shipped flags)", format(loaded) + " MiB", loaded < 300);
    }
  }

  /**
   * @param ceiling the same runs against the fan-out ceiling (single, then many), or empty if they could not run
   */
  void watch(WatchFanout.Result single, WatchFanout.Result many, List<WatchFanout.Result> ceiling) {
    watch.append("| watchers | established | events expected | delivered | p50 / p99 / max ms "
        + "| fan-out ceiling: established | delivered / expected | p50 / p99 / max ms | p99 ratio apiserver / ceiling |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<WatchFanout.Result> apiserver = List.of(single, many);
    for (int i = 0; i < apiserver.size(); i++) {
      WatchFanout.Result r = apiserver.get(i);
      watch.append("| ").append(r.watchers()).append(" | ").append(r.established()).append(" | ")
          .append(expected(r)).append(" | ").append(r.delivered()).append(" | ").append(latencies(r)).append(" | ");
      if (ceiling.isEmpty()) {
        watch.append("– | – | – | – |\n");
      } else {
        WatchFanout.Result c = ceiling.get(i);
        watch.append(c.established()).append(" | ").append(c.delivered()).append(" / ").append(expected(c)).append(" | ")
            .append(latencies(c)).append(" | ").append(format(r.p99Millis() / c.p99Millis())).append(" |\n");
      }
    }
    watch.append("\nRatio of the 1,000-watcher p99 to the single-watcher p99 (the baseline): ")
        .append(format(many.p99Millis() / single.p99Millis()));
    if (!ceiling.isEmpty()) {
      watch.append("; the fan-out ceiling's: ").append(format(ceiling.get(1).p99Millis() / ceiling.get(0).p99Millis()))
          .append(". Ratio of the apiserver's 1,000-watcher p99 to the fan-out ceiling's: ")
          .append(format(many.p99Millis() / ceiling.get(1).p99Millis()));
    }
    watch.append(".\n");
    if (!many.failures().isEmpty()) {
      watch.append("\nWatches not established: ").append(many.failures()).append(".\n");
    }
    if (!ceiling.isEmpty() && !ceiling.get(1).failures().isEmpty()) {
      watch.append("\nWatches of the fan-out ceiling not established: ").append(ceiling.get(1).failures()).append(".\n");
    }
    String measured = format(many.p99Millis()) + " ms p99, " + many.delivered() + "/" + expected(many) + " delivered";
    if (ceiling.isEmpty()) {
      goal("1,000 watchers each receive an event within 100 ms (p99)", measured + "; no fan-out ceiling this run",
          complete(many) && many.p99Millis() < 100);
      return;
    }
    WatchFanout.Result best = ceiling.get(1);
    goal("1,000 watchers each receive an event within 100 ms (p99)",
        measured + "; the fan-out ceiling's p99 " + format(best.p99Millis()) + " ms, " + best.delivered() + "/" + expected(best) + " delivered",
        verdict(complete(many) && many.p99Millis() < 100, complete(best) && best.p99Millis() < 100));
  }

  private static long expected(WatchFanout.Result r) {
    return (long) r.watchers() * r.writes();
  }

  private static boolean complete(WatchFanout.Result r) {
    return r.established() == r.watchers() && r.delivered() == expected(r);
  }

  private static String latencies(WatchFanout.Result r) {
    return format(r.p50Millis()) + " / " + format(r.p99Millis()) + " / " + format(r.maxMillis());
  }

  void startup(Map<String, double[]> timings) {
    startup.append("| JVM | runs (ms) | median ms | ratio to the first row |\n|---|---|---:|---:|\n");
    double baseline = Double.NaN;
    for (Map.Entry<String, double[]> e : timings.entrySet()) {
      double median = median(e.getValue());
      if (Double.isNaN(baseline)) {
        baseline = median;
      }
      startup.append("| ").append(e.getKey()).append(" | ")
          .append(String.join(", ", Arrays.stream(e.getValue()).mapToObj(BenchMain::format).toList())).append(" | ")
          .append(format(median)).append(" | ").append(format(median / baseline)).append(" |\n");
      goal("start to /readyz < 2 s (" + e.getKey() + ")", format(median) + " ms", median < 2000);
    }
  }

  void operator(OperatorScale.Result r) {
    double seconds = r.readyWithin().toNanos() / 1e9;
    double floorSeconds = r.floor().toNanos() / 1e9;
    operator.append("| | operator | API floor (baseline, same run) | ratio |\n|---|---:|---:|---:|\n")
        .append("| ").append(r.count()).append(" ApiServers created → all Ready (s) | ").append(format(seconds))
        .append(" | ").append(format(floorSeconds)).append(" | ").append(format(r.ratio())).append(" |\n")
        .append("| CPU of the bench JVM (the mock, the played controllers) (s) | ").append(format(r.benchCpu().toMillis() / 1e3))
        .append(" | ").append(format(r.floorBenchCpu().toMillis() / 1e3)).append(" | ")
        .append(format(r.benchCpu().toNanos() / (double) r.floorBenchCpu().toNanos())).append(" |\n")
        .append("| CPU of the operator JVM (s) | ").append(format(r.operatorCpu().toMillis() / 1e3)).append(" | – | – |\n")
        .append("| requests to the mock | ").append(r.operatorRequests()).append(" | ").append(r.floorRequests())
        .append(" | ").append(format(r.operatorRequests() / (double) r.floorRequests())).append(" |\n")
        .append("\nEnd state: ").append(r.objects()).append(" objects (ApiServers and their children), ")
        .append(r.statuses()).append(" of them with a status; the played controllers wrote ").append(r.statusWrites())
        .append(" statuses. Each ApiServer from its create to its Ready: p50 ").append(format(r.percentile(0.5) / 1000))
        .append(" s, p99 ").append(format(r.percentile(0.99) / 1000)).append(" s, max ")
        .append(format(r.percentile(1.0) / 1000)).append(" s. The bench writes ").append(r.floorWorkers())
        .append(" ApiServers at a time on both sides (the creates of the operator run, the objects of the floor).\n\nRequests of the operator run by verb and resource: ")
        .append(String.join(", ", r.requestKinds().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
        .append(".\n\nEvents the operator wrote: ")
        .append(String.join(", ", r.events().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
        .append(".\n\n")
        .append("Operator resident memory (VmRSS) when the last ApiServer was Ready: **").append(format(r.residentMiB()))
        .append(" MiB** (peak VmHWM ").append(format(r.peakResidentMiB())).append(" MiB), with the shipped flags `")
        .append(String.join(" ", r.jvm().expanded())).append("` (the last two stand for the manager Deployment's limits, ")
        .append(r.jvm().memoryLimit()).append(" and ").append(r.jvm().cpuLimit()).append(" CPU).\n");
    goal(r.count() + " ApiServers reconciled to Ready against the mock < 60 s", format(seconds) + " s ("
        + format(r.ratio()) + "× the API floor)", r.ready() == r.count() && seconds < 60);
    goal("operator RSS < 256 MiB with " + r.count() + " ApiServers", format(r.residentMiB()) + " MiB (peak "
        + format(r.peakResidentMiB()) + ")", r.residentMiB() < 256);
  }

  void skipped(String what, String why) {
    skipped.add(what + ": " + why);
  }

  private void goal(String goal, String measured, boolean met) {
    goals.add("| " + goal + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
  }

  private void goal(String goal, String measured, String verdict) {
    goals.add("| " + goal + " | " + measured + " | " + verdict + " |");
  }

  /**
   * A goal judged beside its ceiling (the same work's unavoidable part, in the same run): a goal the ceiling misses
   * too is out of this machine's reach, whatever the server does.
   */
  static String verdict(boolean met, boolean ceilingMeets) {
    if (met) {
      return "met";
    }
    return ceilingMeets ? "**not met**" : "**not met**; the ceiling also misses it: machine limit";
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  String render() throws IOException {
    String template = new String(Report.class.getResourceAsStream("benchmarks-template.md").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return template.replace("{{machine}}", machine).replace("{{jmh}}", jmh).replace("{{load}}", loadNotes.isEmpty() ? load : load + "\n" + loadNotes)
        .replace("{{cores}}", Integer.toString(cores))
        .replace("{{cpu}}", cpu.isEmpty() ? "not measured in this run" : cpu)
        .replace("{{etcdCpu}}", etcdCpu.isEmpty() ? "not measured in this run" : etcdCpu)
        .replace("{{memory}}", memory).replace("{{watch}}", watch).replace("{{startup}}", startup)
        .replace("{{operator}}", operator)
        .replace("{{goals}}", "| goal (issue 8) | measured | |\n|---|---|---|\n" + String.join("\n", goals) + "\n")
        .replace("{{skipped}}", skipped.isEmpty() ? "none" : String.join("\n", skipped.stream().map(s -> "- " + s).toList()));
  }
}
