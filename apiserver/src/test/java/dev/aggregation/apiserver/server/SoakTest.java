package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.WardleApi;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.server.tls.Pem;
import dev.aggregation.apiserver.storage.etcd.EtcdProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make soak}: for {@code -Dsoak.minutes} (3 by default) writers create, update and delete flunders and
 * watchers follow their namespaces, through two replicas on one real etcd on loopback, while etcd and one replica are
 * killed and restarted at random. Afterwards: every acknowledged write is what is stored, every watcher saw each
 * acknowledged create and update of its namespace exactly once and in resourceVersion order, and the heap is
 * reported before and after. Not part of {@code make test} (tag {@code soak}).
 */
@Tag("soak")
class SoakTest {
  private static final String TOKEN = "soak-admin-token";
  private static final int WRITERS = 4;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void nothingAcknowledgedIsLostWhileEtcdAndAReplicaCrash() throws Exception {
    Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 3));
    Random random = new Random(Long.getLong("soak.seed", System.nanoTime()));
    Path tokens = Files.writeString(dir.resolve("tokens.csv"), TOKEN + ",admin,admin-uid,\"system:masters\"\n");
    try (EtcdProcess etcd = EtcdProcess.start();
        Replica a = new Replica(dir.resolve("a"), tokens, etcd);
        Replica b = new Replica(dir.resolve("b"), tokens, etcd)) {
      List<Replica> replicas = List.of(a, b);
      long heapBefore = usedHeapAfterGc();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService threads = Executors.newCachedThreadPool();
      List<Writer> writers = new ArrayList<>();
      List<Watcher> watchers = new ArrayList<>();
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        Watcher watcher = new Watcher("soak-" + i, replicas.get(i % 2), running);
        watchers.add(watcher);
        work.add(threads.submit(watcher));
      }
      for (int i = 0; i < WRITERS; i++) {
        Writer writer = new Writer("soak-" + i, replicas, new Random(random.nextLong()), running);
        writers.add(writer);
        work.add(threads.submit(writer));
      }
      List<String> faults = new ArrayList<>();
      long end = System.nanoTime() + length.toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(5_000 + random.nextInt(10_000));
        Duration down = Duration.ofMillis(1_000 + random.nextInt(4_000));
        if (random.nextBoolean()) {
          faults.add("etcd killed for " + down.toMillis() + " ms");
          etcd.kill();
          Thread.sleep(down.toMillis());
          etcd.restart();
        } else {
          Replica victim = replicas.get(random.nextInt(2));
          faults.add("replica " + victim.name() + " killed for " + down.toMillis() + " ms");
          victim.stop();
          Thread.sleep(down.toMillis());
          victim.start();
        }
      }
      for (Replica replica : replicas) {
        replica.awaitReady();
      }
      // let watchers catch up with the last writes, then stop everyone
      Thread.sleep(3_000);
      running.set(false);
      for (Future<?> future : work) {
        future.get();
      }
      threads.shutdown();

      long acknowledged = 0;
      for (Writer writer : writers) {
        acknowledged += writer.verify(a);
      }
      for (int i = 0; i < WRITERS; i++) {
        watchers.get(i).verify(writers.get(i));
      }
      long heapAfter = usedHeapAfterGc();
      System.out.printf(
          "soak: %s, %d acknowledged writes verified, faults %s, heap used after GC %d MiB before, %d MiB after%n",
          length, acknowledged, faults, heapBefore >> 20, heapAfter >> 20);
      assertThat(acknowledged).isPositive();
      assertThat(heapAfter).as("heap after (MiB)").isLessThan(heapBefore + (256L << 20));
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String flunder(String name, String reference) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"reference\":\"" + reference + "\"}}";
  }

  private static String collection(String namespace) {
    return "/apis/wardle.example.com/v1alpha1/namespaces/" + namespace + "/flunders";
  }

  /** What a writer knows of one name after its last acknowledged write; absent when it may not know. */
  private record Known(boolean exists, String reference, long resourceVersion) {}

  /** Creates, updates and deletes flunders in its namespace through random replicas, remembering what was acknowledged. */
  private static final class Writer implements Runnable {
    private final String namespace;
    private final List<Replica> replicas;
    private final Random random;
    private final AtomicBoolean running;
    private final Map<String, Known> known = new LinkedHashMap<>();
    private final Set<String> uncertain = new TreeSet<>();
    /** resourceVersions of acknowledged creates and updates: what the namespace's watcher must see. */
    final Set<Long> acknowledgedVersions = new ConcurrentSkipListSet<>();
    private int next;

    Writer(String namespace, List<Replica> replicas, Random random, AtomicBoolean running) {
      this.namespace = namespace;
      this.replicas = replicas;
      this.random = random;
      this.running = running;
    }

    @Override
    public void run() {
      while (running.get()) {
        Replica replica = replicas.get(random.nextInt(replicas.size()));
        List<String> existing = known.entrySet().stream().filter(e -> e.getValue().exists()).map(Map.Entry::getKey).toList();
        int choice = existing.isEmpty() ? 0 : random.nextInt(10);
        if (choice < 4) {
          String name = "f" + next++;
          write(name, () -> replica.send("POST", collection(namespace), flunder(name, "r0")), 201, true, "r0");
        } else if (choice < 8) {
          String name = existing.get(random.nextInt(existing.size()));
          Known current = known.get(name);
          String reference = "r" + random.nextInt(1_000_000);
          ObjectNode body = (ObjectNode) Json.mapper().valueToTree(Json.readObject(flunder(name, reference).getBytes()));
          body.with("metadata").put("resourceVersion", Long.toString(current.resourceVersion()));
          write(name, () -> replica.send("PUT", collection(namespace) + "/" + name, body.toString()), 200, true, reference);
        } else {
          String name = existing.get(random.nextInt(existing.size()));
          write(name, () -> replica.send("DELETE", collection(namespace) + "/" + name, null), 200, false, null);
        }
      }
    }

    private interface Call {
      HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private void write(String name, Call call, int success, boolean exists, String reference) {
      HttpResponse<String> response;
      try {
        response = call.send();
      } catch (IOException e) {
        forget(name);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (response.statusCode() == success) {
        long rv = Json.readObject(response.body().getBytes()).path("metadata").path("resourceVersion").asLong();
        known.put(name, new Known(exists, reference, rv));
        if (exists) {
          acknowledgedVersions.add(rv);
        }
      } else if (response.statusCode() >= 500 || response.statusCode() == 429) {
        forget(name); // it may or may not have happened
      } else {
        throw new AssertionError(namespace + "/" + name + ": unexpected " + response.statusCode() + " " + response.body());
      }
    }

    private void forget(String name) {
      known.remove(name);
      uncertain.add(name);
    }

    /** Every name whose last write was acknowledged is stored exactly as acknowledged; returns how many were checked. */
    long verify(Replica replica) throws Exception {
      for (Map.Entry<String, Known> entry : known.entrySet()) {
        HttpResponse<String> got = replica.send("GET", collection(namespace) + "/" + entry.getKey(), null);
        Known expected = entry.getValue();
        if (!expected.exists()) {
          assertThat(got.statusCode()).as("%s/%s was deleted: %s", namespace, entry.getKey(), got.body()).isEqualTo(404);
          continue;
        }
        assertThat(got.statusCode()).as("%s/%s: %s", namespace, entry.getKey(), got.body()).isEqualTo(200);
        JsonNode object = Json.readObject(got.body().getBytes());
        assertThat(object.path("metadata").path("resourceVersion").asLong()).as("%s/%s", namespace, entry.getKey())
            .isEqualTo(expected.resourceVersion());
        assertThat(object.path("spec").path("reference").asText()).isEqualTo(expected.reference());
      }
      return acknowledgedVersions.size() + known.values().stream().filter(k -> !k.exists()).count();
    }
  }

  /** Watches one namespace through one replica, resuming from the last resourceVersion it saw after every break. */
  private static final class Watcher implements Runnable {
    private final String namespace;
    private final Replica replica;
    private final AtomicBoolean running;
    private final List<Long> seen = new ArrayList<>();
    private final Set<Long> relisted = ConcurrentHashMap.newKeySet();
    private final AtomicLong relists = new AtomicLong();
    private long lastVersion;

    Watcher(String namespace, Replica replica, AtomicBoolean running) {
      this.namespace = namespace;
      this.replica = replica;
      this.running = running;
    }

    @Override
    public void run() {
      while (running.get()) {
        try {
          if (lastVersion == 0) {
            relist();
          }
          watchOnce();
        } catch (IOException e) {
          pause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void relist() throws IOException, InterruptedException {
      HttpResponse<String> list = replica.send("GET", collection(namespace), null);
      if (list.statusCode() != 200) {
        pause();
        return;
      }
      JsonNode body = Json.readObject(list.body().getBytes());
      for (JsonNode item : body.path("items")) {
        relisted.add(item.path("metadata").path("resourceVersion").asLong());
      }
      lastVersion = body.path("metadata").path("resourceVersion").asLong();
      relists.incrementAndGet();
    }

    private void watchOnce() throws IOException, InterruptedException {
      if (lastVersion == 0) {
        return;
      }
      HttpResponse<Stream<String>> response = replica.watch(
          collection(namespace) + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=20&resourceVersion=" + lastVersion);
      if (response.statusCode() != 200) {
        response.body().close();
        pause();
        return;
      }
      try (Stream<String> lines = response.body()) {
        Iterator<String> it = lines.iterator();
        while (running.get() && it.hasNext()) {
          JsonNode event = Json.readObject(it.next().getBytes());
          String type = event.path("type").asText();
          long rv = event.path("object").path("metadata").path("resourceVersion").asLong();
          if (type.equals("ERROR")) {
            if (event.path("object").path("code").asInt() == 410) {
              lastVersion = 0; // expired: list again
            }
            return;
          }
          if (!type.equals("BOOKMARK")) {
            seen.add(rv);
          }
          lastVersion = Math.max(lastVersion, rv);
        }
      } catch (java.io.UncheckedIOException e) {
        pause();
      }
    }

    private void pause() {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** No duplicates, nothing out of order, and every acknowledged create and update seen (or listed after a 410). */
    void verify(Writer writer) {
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i)).as("%s: event %d after %d", namespace, seen.get(i), seen.get(i - 1)).isGreaterThan(seen.get(i - 1));
      }
      Set<Long> observed = new TreeSet<>(seen);
      observed.addAll(relisted);
      Set<Long> missed = new TreeSet<>(writer.acknowledgedVersions);
      missed.removeAll(observed);
      // a version replaced before a relist after a 410 cannot be seen: only then may one be missing
      if (relists.get() <= 1) {
        assertThat(missed).as("%s: acknowledged versions the watcher never saw", namespace).isEmpty();
      }
    }
  }

  /** One apiserver in-process, stopped and started again on demand (a new port each time). */
  private static final class Replica implements AutoCloseable {
    private final Path root;
    private final Path tokens;
    private final EtcdProcess etcd;
    private volatile ApiServer server;
    private volatile HttpClient http;

    Replica(Path root, Path tokens, EtcdProcess etcd) throws Exception {
      this.root = root;
      this.tokens = tokens;
      this.etcd = etcd;
      start();
    }

    String name() {
      return root.getFileName().toString();
    }

    void start() throws Exception {
      Path certDir = Files.createDirectories(root.resolve("certificates"));
      ServerConfig flags = ((CommandLineResult.Run) ServerOptions.parse(
              "--standalone", "--bind-address=127.0.0.1", "--secure-port=8443", "--cert-dir=" + certDir,
              "--token-auth-file=" + tokens, "--etcd-servers=" + etcd.endpoint()))
          .config();
      ServerConfig.Serving s = flags.serving();
      ServerConfig config = new ServerConfig(
          flags.standalone(),
          new ServerConfig.Serving(s.bindAddress(), 0, s.certDir(), s.tlsCertFile(), s.tlsPrivateKeyFile(), s.tlsMinVersion(), s.tlsCipherSuites()),
          flags.storage(), flags.authentication(), flags.authorization(), flags.limits(), flags.admission(), flags.audit(), flags.kubeconfig());
      // etcd may be down right now: keep trying, as a restarted pod would
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          server = ApiServer.builder(config).group(WardleApi.group()).admissionPlugins(WardleApi::admissionPlugins).start();
          break;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
      http = client(certDir.resolve("ca.crt"));
    }

    void stop() {
      ApiServer current = server;
      server = null;
      if (current != null) {
        current.close();
      }
    }

    void awaitReady() throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          if (send("GET", "/readyz", null).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not yet
        }
        assertThat(System.nanoTime()).as("replica %s ready within 60 s", name()).isLessThan(deadline);
        Thread.sleep(200);
      }
    }

    private URI uri(String path) throws IOException {
      ApiServer current = server;
      if (current == null) {
        throw new IOException("replica " + name() + " is down");
      }
      return URI.create("https://127.0.0.1:" + current.port() + path);
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
          .header("Authorization", "Bearer " + TOKEN)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<Stream<String>> watch(String path) throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + TOKEN).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.ofLines());
    }

    @Override
    public void close() {
      stop();
    }

    private static HttpClient client(Path ca) throws Exception {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (X509Certificate certificate : Pem.readCertificates(ca)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
  }
}
