package dev.aggregation.apiserver.storage.etcd;

import dev.aggregation.apiserver.storage.StorageException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.URI;

/** Builds the jetcd client {@link EtcdOptions} describe. */
final class EtcdClients {
  private EtcdClients() {}

  static Client create(EtcdOptions options) {
    ClientBuilder builder =
        Client.builder()
            .endpoints(options.endpoints().toArray(URI[]::new))
            // Fail at once while the channel cannot connect rather than queue the call until etcd is back; the
            // bound of waiting for a connection is connectTimeout, the bound of a call its deadline.
            .waitForReady(false)
            .connectTimeout(options.requestTimeout())
            .interceptor(new UnaryDeadline(options.requestTimeout()));
    if (options.tls()) {
      builder.sslContext(sslContext(options));
      // One name to verify every endpoint's certificate against: the first endpoint's host. etcd's serving
      // certificates name every member (as kube's own setup issues them), so any member's name works.
      builder.authority(options.endpoints().get(0).getHost());
    }
    return builder.build();
  }

  private static SslContext sslContext(EtcdOptions options) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (options.caFile().isPresent()) {
        ssl.trustManager(options.caFile().get().toFile());
      }
      if (options.certFile().isPresent()) {
        ssl.keyManager(options.certFile().get().toFile(), options.keyFile().orElseThrow().toFile());
      }
      return ssl.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException(
          "cannot load the etcd TLS files (CA "
              + options.caFile().map(Object::toString).orElse("none")
              + ", client certificate "
              + options.certFile().map(Object::toString).orElse("none")
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
