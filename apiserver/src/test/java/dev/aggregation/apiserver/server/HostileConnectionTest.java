package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.resource.WatchSettings;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients at the connection level, over real TLS sockets: oversized headers, slowloris, idle connections,
 * HTTP/2 rapid reset, a watcher that never reads (256 KiB of unread events allowed here) and a streamed body over
 * 3 MiB. Each is answered with a 4xx or a closed connection, and the server stays ready.
 */
class HostileConnectionTest {
  /** How long a test waits for the server to act before it fails: a bound, far above the configured timeouts. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path directory;
  private static TestApiServer server;
  private static X509Certificate servingCa;
  private static IssuedCertificate admin;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.builder(directory)
        .connectionLimits(new ConnectionLimits(Duration.ofSeconds(1), Duration.ofSeconds(2), ConnectionLimits.MAX_HEADER_BYTES, 250))
        .watchSettings(new WatchSettings(Duration.ofMinutes(1), 1800, 256 << 10))
        .start();
    servingCa = Pem.readCertificates(server.certificates().caCertificate()).get(0);
    admin = new IssuedCertificate(
        Pem.readCertificates(server.certificates().adminCertificate()).get(0), Pem.readPrivateKey(server.certificates().adminKey()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void serverStaysReady() {
    assertThat(server.admin().get("/readyz").status()).isEqualTo(200);
  }

  private static RawTlsConnection http1() throws Exception {
    return RawTlsConnection.open(server.port(), servingCa, admin, "http/1.1", PATIENCE);
  }

  @Test
  void headersOverOneMebibyteGet431() throws Exception {
    try (RawTlsConnection connection = http1()) {
      connection.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(2 << 20) + "\r\n\r\n");
      String response = new String(connection.readUntilClosed(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 431");
    }
  }

  @Test
  void headersOfHalfAMebibyteAreServedAsGoServesThem() {
    // a user in many groups, proxied by kube-apiserver, sends large headers: Vert.x's default 8 KiB would refuse them
    Reply reply = server.admin().get("/readyz", "X-Large", "g".repeat(512 << 10));
    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void aLongLabelSelectorIsServed() {
    String selector = "a+in+(" + String.join(",", java.util.Collections.nCopies(10_000, "value")) + ")";
    Reply reply = server.admin().get("/apis/wardle.example.com/v1alpha1/flunders?labelSelector=" + selector);
    assertThat(reply.status()).as("%s", reply.status()).isEqualTo(200);
  }

  @Test
  void slowlorisTricklingHeadersIsDisconnected() throws Exception {
    try (RawTlsConnection connection = http1()) {
      CompletableFuture<byte[]> closed = CompletableFuture.supplyAsync(() -> {
        try {
          return connection.readUntilClosed();
        } catch (IOException e) {
          throw new IllegalStateException("the server never closed the slowloris connection", e);
        }
      });
      connection.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!closed.isDone() && System.nanoTime() < deadline) {
        try {
          connection.write("a");
        } catch (SocketException e) {
          break; // the server closed it under our feet
        }
        Thread.sleep(100);
      }
      assertThat(closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.ISO_8859_1).doesNotContain("200 OK");
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (RawTlsConnection connection = http1()) {
      assertThat(connection.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void aKeepAliveConnectionIdleAfterItsRequestIsClosed() throws Exception {
    try (RawTlsConnection connection = http1()) {
      connection.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 200");
      assertThat(connection.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void aQuietWatchOutlivesTheIdleTimeout() throws Exception {
    String ns = "quiet-watch";
    try (WatchStream watch = server.admin().watch("/apis/wardle.example.com/v1alpha1/namespaces/" + ns + "/flunders?watch=true")) {
      Thread.sleep(3_000); // longer than the 2 s idle timeout, with the watch in flight
      Reply created = server.admin().post(
          "/apis/wardle.example.com/v1alpha1/namespaces/" + ns + "/flunders",
          "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"after-idle\"},\"spec\":{\"reference\":\"r\"}}");
      assertThat(created.status()).isEqualTo(201);
      assertThat(watch.next().path("object").path("metadata").path("name").asText()).isEqualTo("after-idle");
    }
  }

  @Test
  void http2RapidResetGetsGoAway() throws Exception {
    try (RawTlsConnection connection = RawTlsConnection.open(server.port(), servingCa, admin, "h2", PATIENCE)) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      frames.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      frame(frames, 0x4, 0, 0, new byte[0]); // SETTINGS
      // :method GET, :scheme https, :path / from HPACK's static table
      byte[] headerBlock = {(byte) 0x82, (byte) 0x87, (byte) 0x84};
      for (int stream = 1; stream < 2 * 1000; stream += 2) {
        frame(frames, 0x1, 0x5, stream, headerBlock); // HEADERS, END_STREAM | END_HEADERS
        frame(frames, 0x3, 0, stream, new byte[] {0, 0, 0, 0x8}); // RST_STREAM CANCEL
      }
      try {
        connection.write(frames.toByteArray());
      } catch (SocketException e) {
        // the server may close before it has read everything
      }
      assertThat(frameTypes(connection)).contains(0x7); // GOAWAY
    }
  }

  @Test
  void aWatcherThatNeverReadsIsClosedWithoutStallingAnother() throws Exception {
    String ns = "/apis/wardle.example.com/v1alpha1/namespaces/slow-watcher/flunders";
    try (RawTlsConnection slow = RawTlsConnection.open(server.port(), servingCa, admin, "http/1.1", PATIENCE, 4096);
        WatchStream fast = server.admin().watch(ns + "?watch=true")) {
      slow.write("GET " + ns + "?watch=true HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String annotation = "v".repeat(200 << 10); // under the 256 KiB annotations limit
      int created = 0;
      for (int i = 0; i < 60; i++) {
        Reply reply = server.admin().post(ns, flunder("f" + i, annotation));
        assertThat(reply.status()).isEqualTo(201);
        created++;
      }
      for (int i = 0; i < created; i++) {
        ObjectNode event = fast.next();
        assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("f" + i);
      }
      // the slow client now reads what reached it: the server has reset the stream and closed the connection
      byte[] received = slow.readUntilClosed();
      assertThat(received.length).isLessThan(60 * (200 << 10));
    }
  }

  @Test
  void aStreamedBodyOverThreeMebibytesIsTooLarge() throws Exception {
    byte[] body = flunder("huge", "v".repeat(4 << 20)).getBytes(StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newBuilder().sslContext(sslContext()).version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/apis/wardle.example.com/v1alpha1/namespaces/streamed/flunders"))
        .header("Content-Type", "application/json")
        // an InputStream publisher has no length: the body is chunked, so only the streamed limit can catch it
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"reason\":\"RequestEntityTooLarge\"");
    assertThat(server.admin().get("/apis/wardle.example.com/v1alpha1/namespaces/streamed/flunders/huge").status()).isEqualTo(404);
  }

  private static javax.net.ssl.SSLContext sslContext() throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", servingCa);
    javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    char[] password = "test".toCharArray();
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("client", admin.privateKey(), password, new java.security.cert.Certificate[] {admin.certificate()});
    javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static String flunder(String name, String annotation) {
    return "{\"apiVersion\":\"wardle.example.com/v1alpha1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"" + name
        + "\",\"annotations\":{\"a\":\"" + annotation + "\"}},\"spec\":{\"reference\":\"r\"}}";
  }

  private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.writeBytes(payload);
  }

  /** The types of the frames the server sends until it closes the connection. */
  private static List<Integer> frameTypes(RawTlsConnection connection) throws IOException {
    List<Integer> types = new ArrayList<>();
    DataInputStream in = new DataInputStream(connection.input());
    try {
      while (true) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        types.add(in.readUnsignedByte());
        in.skipNBytes(5L + length);
      }
    } catch (EOFException | SocketException e) {
      return types;
    }
  }
}
