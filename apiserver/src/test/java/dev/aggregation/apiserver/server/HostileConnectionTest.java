package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
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
 * Hostile clients at the connection level, over real TLS sockets: oversized headers, slowloris, idle connections
 * and HTTP/2 rapid reset. Each is answered with a 4xx or a closed connection, and the server stays ready.
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
