package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS socket to the server under test that writes whatever bytes a test gives it: requests no compliant HTTP
 * client would send (CR/LF inside header values, headers trickled byte by byte, HTTP/2 frames by hand).
 */
public final class RawTlsConnection implements AutoCloseable {
  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawTlsConnection(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /**
   * @param clientCertificate null for none
   * @param alpn "http/1.1" or "h2"
   * @param readTimeout how long a read may block before the test gives up on the server
   */
  public static RawTlsConnection open(int port, X509Certificate servingCa, IssuedCertificate clientCertificate, String alpn, Duration readTimeout)
      throws Exception {
    return open(port, servingCa, clientCertificate, alpn, readTimeout, 0);
  }

  /** @param receiveBufferBytes the socket's receive buffer, 0 for the system's: small for a client that reads nothing */
  public static RawTlsConnection open(
      int port, X509Certificate servingCa, IssuedCertificate clientCertificate, String alpn, Duration readTimeout, int receiveBufferBytes)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", servingCa);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (clientCertificate != null) {
      char[] password = "test".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", clientCertificate.privateKey(), password, new Certificate[] {clientCertificate.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {alpn});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.startHandshake();
    return new RawTlsConnection(socket);
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void write(String ascii) throws IOException {
    write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads until the server closes the connection; a read timeout fails with SocketTimeoutException. */
  public byte[] readUntilClosed() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException e) {
      // a reset is a close too
    }
    return all.toByteArray();
  }

  /** Reads one HTTP/1.1 response whose head ends with CRLF CRLF and whose body has a Content-Length. */
  public String readResponse() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headText.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return headText + new String(body, StandardCharsets.UTF_8);
  }

  public InputStream input() {
    return in;
  }

  /** Whether the server has closed the connection: a read returns end of stream or the socket was reset. */
  public boolean closedByServer() throws IOException {
    readUntilClosed();
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
