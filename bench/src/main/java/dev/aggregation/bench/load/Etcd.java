package dev.aggregation.bench.load;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Debian's etcd on loopback with its data on the same disk as the embedded store's, and raw jetcd puts against it. */
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

  /** Puts of {@code value} under fresh keys with {@code concurrency} in flight for {@code duration}: puts per second. */
  public double putThroughput(byte[] value, int concurrency, Duration duration) throws Exception {
    try (Client client = Client.builder().endpoints(endpoint).build()) {
      KV kv = client.getKVClient();
      ByteSequence bytes = ByteSequence.from(value);
      Semaphore inFlight = new Semaphore(concurrency);
      AtomicLong done = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long end = System.nanoTime() + duration.toNanos();
      long started = System.nanoTime();
      long i = 0;
      while (System.nanoTime() < end) {
        inFlight.acquire();
        kv.put(ByteSequence.from("/jetcd-bench/" + i++, StandardCharsets.UTF_8), bytes).whenComplete((r, e) -> {
          (e == null ? done : failed).incrementAndGet();
          inFlight.release();
        });
      }
      inFlight.acquire(concurrency);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " jetcd puts failed");
      }
      return done.get() / seconds;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
