package dev.aggregation.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's wrk over HTTPS (HTTP/1.1, keep-alive), with its latency distribution (--latency). */
public final class Wrk {
  /**
   * One wrk run: requests per second, p50 and p99 in milliseconds, non-2xx/3xx answers, socket errors; the CPU
   * time wrk itself used per request, in µs (empty if it could not be told apart, see {@link ExitedChildCpu}); and
   * the CPU time per request, in µs, of each process the caller named to watch during the run (the server, etcd).
   */
  public record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx, String errors,
      OptionalDouble wrkCpuMicrosPerRequest, Map<String, Double> cpuMicrosPerRequest) {
    public Result {
      cpuMicrosPerRequest = Map.copyOf(cpuMicrosPerRequest);
    }

    Result withCpu(OptionalDouble wrk, Map<String, Double> watched) {
      return new Result(requestsPerSecond, p50Millis, p99Millis, requests, non2xx, errors, wrk, watched);
    }

    /** The CPU per request, in µs, of the watched process named {@code name}. */
    public double cpuMicrosPerRequest(String name) {
      Double micros = cpuMicrosPerRequest.get(name);
      if (micros == null) {
        throw new IllegalArgumentException("no CPU of " + name + " was measured in this run; measured: "
            + cpuMicrosPerRequest.keySet());
      }
      return micros;
    }
  }

  private final int threads;
  private final int connections;
  private final int seconds;
  private final int warmUpSeconds;
  private final int maxWarmUpSeconds;
  private final boolean warmUpDeletesCreates;
  private final Path scratch;
  private final CpuClock clock;

  public Wrk(int threads, int connections, int seconds, Path scratch, CpuClock clock) {
    this(threads, connections, seconds, WarmUp.MIN_SECONDS, WarmUp.MAX_SECONDS, false, scratch, clock);
  }

  private Wrk(int threads, int connections, int seconds, int warmUpSeconds, int maxWarmUpSeconds, boolean warmUpDeletesCreates,
      Path scratch, CpuClock clock) {
    this.threads = threads;
    this.connections = connections;
    this.seconds = seconds;
    this.warmUpSeconds = warmUpSeconds;
    this.maxWarmUpSeconds = maxWarmUpSeconds;
    this.warmUpDeletesCreates = warmUpDeletesCreates;
    this.scratch = scratch;
    this.clock = clock;
  }

  /** The same runs with other concurrency. */
  public Wrk withConnections(int otherThreads, int otherConnections) {
    return new Wrk(otherThreads, otherConnections, seconds, warmUpSeconds, maxWarmUpSeconds, warmUpDeletesCreates, scratch, clock);
  }

  /** The same runs after a longer (or shorter) discarded warm-up, of at least and at most the seconds given. */
  public Wrk withWarmUp(int otherWarmUpSeconds, int otherMaxWarmUpSeconds) {
    return new Wrk(threads, connections, seconds, otherWarmUpSeconds, otherMaxWarmUpSeconds, warmUpDeletesCreates, scratch, clock);
  }

  /**
   * The same runs, whose warm-up deletes every object its creates made: after each 201 the connection's thread
   * sends a DELETE of the created name (read from the answer's {@code metadata.name}) before its next create. A
   * server then meets the measured creates holding what it held before the warm-up, not the hundreds of thousands
   * of objects two minutes of creates leave: with the shipped 256 MiB heap those filled it, and the measured run
   * timed back-to-back full collections rather than creates. The measured run itself only creates.
   */
  public Wrk withWarmUpDeletingItsCreates() {
    return new Wrk(threads, connections, seconds, warmUpSeconds, maxWarmUpSeconds, true, scratch, clock);
  }

  public int warmUpSeconds() {
    return warmUpSeconds;
  }

  public int connections() {
    return connections;
  }

  public int seconds() {
    return seconds;
  }

  /**
   * Runs wrk against {@code url} once the server has settled: discarded warm-up runs until two in a row agree
   * ({@link WarmUp}; at least the warm-up seconds, at most {@link WarmUp#MAX_SECONDS} unless set otherwise). A POST
   * sends {@code body} (JSON) on every request. The CPU time of the {@code watched} processes (by name) is read around the measured run
   * only, not the warm-up, and shared over its requests.
   */
  public Result run(String url, String token, String accept, String postBody, Map<String, CpuMeter> watched)
      throws IOException, InterruptedException {
    return run(url, token, accept, postBody, watched, null);
  }

  /**
   * A JVM under load: its whole CPU and its JIT compiler threads' CPU. A warm-up with one also waits until the JVM
   * has (nearly) stopped compiling: on a loaded machine the etcd path was still compiling after a minute, its CPU
   * per create falling from 1.3 ms to 0.5 ms, while two 5 s runs in a row could agree on a rate within 10%.
   */
  public record Jvm(CpuMeter process, CpuMeter compilers) {}

  /** As {@link #run(String, String, String, String, Map)}, warming {@code underTest} (null: none) until its JIT is quiet. */
  public Result run(String url, String token, String accept, String postBody, Map<String, CpuMeter> watched, Jvm underTest)
      throws IOException, InterruptedException {
    warmUp(url, token, accept, postBody, underTest);
    return once(url, token, accept, postBody, false, seconds, watched);
  }

  private void warmUp(String url, String token, String accept, String postBody, Jvm underTest) throws IOException, InterruptedException {
    WarmUp.until(url, "req/s", underTest, warmUpSeconds, maxWarmUpSeconds, stepSeconds -> {
      Result step = once(url, token, accept, postBody, warmUpDeletesCreates, stepSeconds, Map.of());
      return new WarmUp.Step(step.requests(), step.requestsPerSecond());
    });
  }

  private Result once(String url, String token, String accept, String postBody, boolean deleteCreates, int runSeconds,
      Map<String, CpuMeter> watched) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + runSeconds + "s", "--latency",
        "--timeout", "10s"));
    if (token != null) {
      command.addAll(List.of("-H", "Authorization: Bearer " + token));
    }
    if (accept != null) {
      command.addAll(List.of("-H", "Accept: " + accept));
    }
    if (postBody != null) {
      Path script = Files.createTempFile(scratch, "wrk-post", ".lua");
      Files.writeString(script, postScript(postBody, deleteCreates), StandardCharsets.UTF_8);
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url);
    ExitedChildCpu wrkCpu = ExitedChildCpu.before(clock);
    CpuWindow watchedCpu = CpuWindow.open(watched);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("wrk failed with " + exit + ": " + out);
    }
    Result result = parse(out);
    Map<String, Double> watchedPerRequest = watchedCpu.perOperation(result.requests());
    OptionalDouble wrkPerRequest = wrkCpu.after(process).filter(used -> result.requests() > 0)
        .map(used -> OptionalDouble.of(used.toNanos() / 1e3 / result.requests())).orElse(OptionalDouble.empty());
    return result.withCpu(wrkPerRequest, watchedPerRequest);
  }

  /** wrk's Lua script that POSTs {@code body}, and with {@code deleteCreates} then DELETEs what each create made. */
  static String postScript(String body, boolean deleteCreates) {
    String post = "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[" + body + "]]\n";
    if (!deleteCreates) {
      return post;
    }
    // wrk runs one Lua state per thread: the names a thread's creates made are deleted by that thread's next requests
    return post + """
        local created = {}
        request = function()
          local name = table.remove(created)
          if name then
            return wrk.format("DELETE", wrk.path .. "/" .. name, nil, "")
          end
          return wrk.format("POST", wrk.path, nil, wrk.body)
        end
        response = function(status, headers, body)
          if status == 201 then
            local name = string.match(body, '"metadata":{"name":"([^"]+)"')
            if name then
              table.insert(created, name)
            end
          end
        end
        """;
  }

  static Result parse(String out) {
    double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)"));
    double p50 = millis(find(out, "\\n\\s+50%\\s+([0-9.]+[a-z]+)"));
    double p99 = millis(find(out, "\\n\\s+99%\\s+([0-9.]+[a-z]+)"));
    long requests = Long.parseLong(find(out, "([0-9]+) requests in"));
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)").matcher(out);
    Matcher errors = Pattern.compile("Socket errors: ([^\\n]+)").matcher(out);
    return new Result(rps, p50, p99, requests, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errors.find() ? errors.group(1) : "",
        OptionalDouble.empty(), Map.of());
  }

  private static String find(String out, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(out);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + regex + " in wrk's output:\n" + out);
    }
    return matcher.group(1);
  }

  private static double millis(String value) {
    Matcher m = Pattern.compile("([0-9.]+)([a-z]+)").matcher(value);
    if (!m.matches()) {
      throw new IllegalStateException("not a wrk duration: " + value);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      default -> throw new IllegalStateException("unknown wrk unit in " + value);
    };
  }
}
