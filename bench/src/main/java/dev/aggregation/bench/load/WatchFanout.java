package dev.aggregation.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * N watchers, each its own HTTP/1.1 connection (as N separate controllers would be), watching one namespace from
 * the current resourceVersion; then one object created at a time, and for each watcher the delay between the
 * start of the create request and the arrival of its ADDED event. The same run against the apiserver or against
 * the {@link FanoutCeiling}, which answers what it recorded from the apiserver's run: only the port differs.
 */
public final class WatchFanout {
  /** Delivered events, the expected count, watchers that were established, and latency percentiles. */
  public record Result(int watchers, int established, int writes, long delivered, double p50Millis, double p99Millis, double maxMillis,
      Map<String, Integer> failures, Optional<FanoutCeiling.Recording> recording) {}

  private static final int WAVE = 50;

  private final Vertx vertx;
  private final int port;

  public WatchFanout(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /**
   * @param warmUpWrites creates first sent to the same open watches and not timed: the server's JIT compiles the
   *     fan-out path meanwhile, as the other load runs measure once it has settled
   * @param whileOpen runs after the writes, while every watch is still open (to read the server's memory)
   */
  public Result run(String namespace, int watchers, int warmUpWrites, int writes, Duration gap, Runnable whileOpen) throws Exception {
    Https writer = new Https(vertx, port, ChildServer.TOKEN, 1);
    String list = "/apis/wardle.example.com/v1beta1/namespaces/" + namespace + "/flunders";
    HttpResponse<Buffer> listed = writer.call(HttpMethod.GET, list + "?limit=1", "application/json", null);
    String rv = listed.bodyAsJsonObject().getJsonObject("metadata").getString("resourceVersion");
    HttpClient client = vertx.createHttpClient(
        new HttpClientOptions().setSslHandshakeTimeout(60).setSsl(true).setTrustAll(true).setVerifyHost(false).setKeepAlive(true).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(watchers));
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    // the first ADDED line of each write as it came, for the fan-out ceiling to send the same bytes
    Map<String, Buffer> lines = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger established = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    // Opened in waves, as controllers start over time: a thousand TLS handshakes at one instant on two cores
    // time out in the handshake, which measures the machine's CPU rather than watch fan-out.
    for (int first = 0; first < watchers; first += WAVE) {
      int wave = Math.min(WAVE, watchers - first);
      CountDownLatch ready = new CountDownLatch(wave);
      for (int i = 0; i < wave; i++) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI(list + "?watch=true&allowWatchBookmarks=false&resourceVersion=" + rv)
            .putHeader("Authorization", "Bearer " + ChildServer.TOKEN).putHeader("Accept", "application/json");
        client.request(options)
            .compose(request -> request.send())
            .onSuccess(response -> {
              if (response.statusCode() == 200) {
                established.incrementAndGet();
              } else {
                failures.merge("HTTP " + response.statusCode(), 1, Integer::sum);
              }
              ready.countDown();
              response.handler(RecordParser.newDelimited("\n", line -> onEvent(line, sentAt, latencies, lines)));
            })
            .onFailure(e -> {
              failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
              ready.countDown();
            });
      }
      ready.await(120, TimeUnit.SECONDS);
    }
    HttpResponse<Buffer> created = null;
    for (int i = 0; i < warmUpWrites + writes; i++) {
      boolean timed = i >= warmUpWrites;
      // an event of an untimed write is ignored: its name is not among the sent ones
      String name = timed ? "watched-" + (i - warmUpWrites) : "warm-up-" + i;
      JsonObject body = new JsonObject().put("apiVersion", "wardle.example.com/v1beta1").put("kind", "Flunder")
          .put("metadata", new JsonObject().put("name", name)).put("spec", new JsonObject().put("flunderReference", "other").put("referenceType", "Flunder"));
      if (timed) {
        sentAt.put(name, System.nanoTime());
      }
      created = writer.call(HttpMethod.POST, list, "application/json", body.toBuffer());
      Thread.sleep(gap.toMillis());
    }
    long expected = (long) established.get() * writes;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (latencies.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    whileOpen.run();
    client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    writer.close();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(watchers, established.get(), writes, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, Map.copyOf(failures),
        recording(listed, created, writes, lines));
  }

  /** What this run saw, if every write's event arrived: the ceiling then answers with exactly these bytes. */
  private static Optional<FanoutCeiling.Recording> recording(HttpResponse<Buffer> listed, HttpResponse<Buffer> created, int writes,
      Map<String, Buffer> lines) {
    List<Buffer> events = IntStream.range(0, writes).mapToObj(i -> lines.get("watched-" + i)).toList();
    if (created == null || events.contains(null)) {
      return Optional.empty();
    }
    return Optional.of(new FanoutCeiling.Recording(canned(listed), canned(created), events));
  }

  private static CeilingServer.Canned canned(HttpResponse<Buffer> response) {
    return new CeilingServer.Canned(response.statusCode(), response.getHeader("Content-Type"), response.body());
  }

  private static void onEvent(Buffer line, Map<String, Long> sentAt, ConcurrentLinkedQueue<Long> latencies, Map<String, Buffer> lines) {
    long now = System.nanoTime();
    if (line.length() == 0) {
      return;
    }
    JsonObject event = new JsonObject(line);
    if (!"ADDED".equals(event.getString("type"))) {
      return;
    }
    String name = event.getJsonObject("object").getJsonObject("metadata").getString("name");
    Long sent = sentAt.get(name);
    if (sent != null) {
      latencies.add(now - sent);
      if (!lines.containsKey(name)) {
        lines.putIfAbsent(name, line.copy());
      }
    }
  }

  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
