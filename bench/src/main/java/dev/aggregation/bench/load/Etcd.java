package dev.aggregation.bench.load;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Debian's etcd on loopback with its data on the same disk as the embedded store's, and raw jetcd writes against it. */
public final class Etcd implements AutoCloseable {
  private final Process process;
  private final String endpoint;

  private Etcd(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static Etcd start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int client = ChildServer.freePort();
    int peer = ChildServer.freePort();
    String endpoint = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    Process process = new ProcessBuilder(List.of("/usr/bin/etcd", "--name", "bench", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint, "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "bench=" + peerUrl, "--log-level", "warn"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    Etcd etcd = new Etcd(process, endpoint);
    try (Client probe = Client.builder().endpoints(endpoint).build()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          probe.getKVClient().get(ByteSequence.from("/probe", StandardCharsets.UTF_8)).get(2, TimeUnit.SECONDS);
          return etcd;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("etcd did not start; see " + dir.resolve("etcd.log"), notYet);
          }
          Thread.sleep(100);
        }
      }
    }
  }

  public String endpoint() {
    return endpoint;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * A raw run: writes per second, writes done, and the CPU time per write, in µs, of each process watched during
   * the measured writes (not the warm-up).
   */
  public record Raw(double writesPerSecond, long writes, Map<String, Double> cpuMicrosPerWrite) {
    public Raw {
      cpuMicrosPerWrite = Map.copyOf(cpuMicrosPerWrite);
    }
  }

  /** What one run of writes did: how many, in how long. */
  private record Writes(long done, double seconds) {}

  /** What one raw write sends to etcd. */
  public enum RawWrite {
    /** A plain put: the "raw jetcd put". */
    PUT,
    /**
     * What the apiserver sends for a create (EtcdStorage.create, as kube's etcd3 store): a transaction that puts
     * the key only if its create revision is 0. The fair baseline for CREATE: the same request etcd must order,
     * check and write, with nothing of the apiserver's own work.
     */
    CREATE_TXN
  }

  /**
   * Writes of {@code value} under fresh keys with {@code concurrency} in flight for {@code duration}, as one
   * jetcd client (one gRPC channel, as the apiserver has), after discarded warm-up runs settled as wrk's are (two
   * in a row within 10%, the writing JVM's JIT under a tenth of its CPU, at least 10 s, at most
   * {@code maxWarmUpSeconds}): writes per second. With a fixed 10 s warm-up the jetcd client still compiled, at 450–600
   * µs of the bench JVM's CPU per transaction, and the raw baseline came out below the proxy ceiling, which sends
   * the same transaction through the same client behind TLS and HTTP. The CPU time of the {@code watched}
   * processes (by name) is read around the measured writes.
   */
  public Raw rawThroughput(RawWrite shape, byte[] value, int concurrency, Duration duration, Map<String, CpuMeter> watched,
      Wrk.Jvm writer, int maxWarmUpSeconds) throws Exception {
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      warmUp(client.getKVClient(), shape, value, concurrency, writer, maxWarmUpSeconds);
      CpuWindow cpu = CpuWindow.open(watched);
      Writes measured = writes(client.getKVClient(), shape, value, concurrency, duration, "");
      return new Raw(measured.done() / measured.seconds(), measured.done(), cpu.perOperation(measured.done()));
    }
  }

  private void warmUp(KV kv, RawWrite shape, byte[] value, int concurrency, Wrk.Jvm writer, int maxSeconds)
      throws IOException, InterruptedException {
    WarmUp.until("raw jetcd " + shape, "writes/s", writer, WarmUp.MIN_SECONDS, maxSeconds, stepSeconds -> {
      Writes step = writes(kv, shape, value, concurrency, Duration.ofSeconds(stepSeconds), "warm-up/");
      return new WarmUp.Step(step.done(), step.done() / step.seconds());
    });
  }

  private Writes writes(KV kv, RawWrite shape, byte[] value, int concurrency, Duration duration, String keyPart)
      throws InterruptedException {
    ByteSequence bytes = ByteSequence.from(value);
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    long started = System.nanoTime();
    String run = "/jetcd-bench/" + keyPart + shape.name().toLowerCase(java.util.Locale.ROOT) + "/";
    long i = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      ByteSequence key = ByteSequence.from(run + i++, StandardCharsets.UTF_8);
      CompletableFuture<?> write = switch (shape) {
        case PUT -> kv.put(key, bytes);
        case CREATE_TXN -> kv.txn()
            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
            .Then(Op.put(key, bytes, PutOption.DEFAULT))
            .commit();
      };
      write.whenComplete((r, e) -> {
        (e == null ? done : failed).incrementAndGet();
        inFlight.release();
      });
    }
    inFlight.acquire(concurrency);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " raw jetcd writes (" + shape + ") failed");
    }
    return new Writes(done.get(), seconds);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
