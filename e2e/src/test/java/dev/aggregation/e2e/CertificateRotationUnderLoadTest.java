package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.certificates.Pem;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.CertificatesSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded sample with lifetimes of seconds: while clients keep listing flunders through the aggregator,
 * the operator renews the serving certificate and rotates the CA, kubelet (the node) updates the mounted
 * files, the apiserver reloads them and the aggregator follows the APIService's caBundle. Not one request may
 * fail.
 */
class CertificateRotationUnderLoadTest {
  private static final String GROUP = "wardle.example.com";
  private static final String NAMESPACE = "rotation";
  private static final String LIST = "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders";
  private static final int CLIENTS = 3;

  @TempDir static Path dir;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(dir);
    cluster.kube.rules().grant("loader", Set.of("list"), GROUP, Set.of("flunders"));
    cluster.kube.addToken("loader-token", Identity.of("loader", "system:authenticated"));
    ApiServer sample = LocalCluster.sample("aggregation.dev_v1alpha1_apiserver_embedded.yaml");
    // Serving certificates live 12s and are renewed 4s before they expire; the CA lives 30s, so a next CA is
    // staged in the bundle 8s before that and signs from 4s before.
    sample.setSpec(Specs.withCertificates(sample.getSpec(), new CertificatesSpec("12s", "4s", "30s", null)));
    cluster.apply(NAMESPACE, sample);
    cluster.awaitAvailable(GROUP, "v1alpha1");
    firstPodHash = pod().templateHash();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void renewalAndCaRotationUnderLoadFailNoRequest() throws Exception {
    X509Certificate firstCa = certificate(secret(), "ca.crt");
    HttpClient http = HttpClient.newBuilder().sslContext(trusting(cluster.aggregatorCa())).build();
    HttpRequest list = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + cluster.aggregator.port() + LIST))
        .header("Authorization", "Bearer loader-token").timeout(Duration.ofSeconds(30)).build();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger succeeded = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = java.util.stream.IntStream.range(0, CLIENTS).mapToObj(i -> new Thread(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> response = http.send(list, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 200) {
                succeeded.incrementAndGet();
              } else {
                failures.add(response.statusCode() + " " + response.body());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        }, "load-" + i)).toList();
    clients.forEach(Thread::start);
    List<String> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread recorder = new Thread(() -> {
      String last = "";
      while (running.get()) {
        try {
          Secret secret = secret();
          X509Certificate inSecret = certificate(secret, "tls.crt");
          X509Certificate served = servedCertificate(pod().port());
          String state = "secret tls " + describe(inSecret) + " ca " + describe(certificate(secret, "ca.crt"))
              + " bundle " + Pem.certificates(CertificateSecretData.decode(secret.getData()).get("ca-bundle.crt"))
                  .stream().map(CertificateRotationUnderLoadTest::describe).toList()
              + " | served " + describe(served);
          if (!state.equals(last)) {
            timeline.add(java.time.Instant.now() + " " + state);
            last = state;
          }
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          timeline.add(java.time.Instant.now() + " " + e);
        }
      }
    }, "recorder");
    recorder.start();

    try {
      // The first CA expired, a new one signs, and the pod serves a certificate of the new one.
      await("a serving certificate of a new CA served after the first CA expired")
          .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            X509Certificate currentCa = certificate(secret(), "ca.crt");
            return firstCa.getNotAfter().toInstant().isBefore(java.time.Instant.now())
                && !currentCa.equals(firstCa)
                && verifiesWith(servedCertificate(pod().port()), currentCa);
          });
    } finally {
      running.set(false);
      for (Thread client : clients) {
        client.join();
      }
      recorder.join();
    }

    assertThat(failures).as("failed requests among %d; the certificates over time:%n%s",
        succeeded.get() + failures.size(), String.join("\n", timeline)).isEmpty();
    assertThat(succeeded.get()).isPositive();
    assertThat(pod().templateHash()).as("the pod was not replaced: the files were reloaded").isEqualTo(firstPodHash);
  }

  private static String firstPodHash;

  private static String describe(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16).substring(0, 6) + "(" + certificate.getIssuerX500Principal()
        .getName().replaceAll(".*CN=([^,]*).*", "$1") + " until " + certificate.getNotAfter().toInstant() + ")";
  }

  private static Pod pod() {
    return cluster.node.pods(NAMESPACE, "wardle").get(0);
  }

  private static Secret secret() {
    return cluster.client().secrets().inNamespace(NAMESPACE).withName("wardle-serving-cert").get();
  }

  private static X509Certificate certificate(Secret secret, String key) throws Exception {
    return Pem.certificates(CertificateSecretData.decode(secret.getData()).get(key)).get(0);
  }

  private static boolean verifiesWith(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The certificate the pod presents in a handshake right now. */
  private static X509Certificate servedCertificate(int port) throws Exception {
    SSLContext insecure = SSLContext.getInstance("TLS");
    insecure.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket socket = (SSLSocket) insecure.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static SSLContext trusting(X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
