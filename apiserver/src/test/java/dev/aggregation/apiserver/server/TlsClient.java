package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * An HTTPS client of the server under test that trusts its serving CA and, optionally, presents one client
 * certificate whatever CAs the server advertises (a front proxy, a client-CA user, or an impostor).
 */
final class TlsClient {
  private final HttpClient client;
  private final URI base;

  private TlsClient(HttpClient client, URI base) {
    this.client = client;
    this.base = base;
  }

  /** @param certificate null for a client without a certificate */
  static TlsClient to(int port, X509Certificate servingCa, IssuedCertificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", servingCa);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManager[] keyManagers = certificate == null ? null : new KeyManager[] {new AlwaysPresent(certificate)};
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, trustManagers.getTrustManagers(), null);
    // HTTP/1.1: the server closes HTTP/2 connections of unauthenticated clients, which is not under test here
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new TlsClient(client, URI.create("https://127.0.0.1:" + port));
  }

  /** GET with header name/value pairs. */
  HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final IssuedCertificate certificate;

    AlwaysPresent(IssuedCertificate certificate) {
      this.certificate = certificate;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {certificate.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return certificate.privateKey();
    }
  }
}
