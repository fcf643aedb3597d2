package dev.aggregation.apiserver.server.tls;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/**
 * Vert.x's JDK engine, making server contexts with {@link ServerSslContextFactory}. Vert.x copies the options it
 * is given, so a copy is of this class too.
 */
final class ServerJdkSslEngineOptions extends JdkSSLEngineOptions {
  ServerJdkSslEngineOptions() {}

  private ServerJdkSslEngineOptions(ServerJdkSslEngineOptions other) {
    super(other);
  }

  @Override
  public ServerJdkSslEngineOptions copy() {
    return new ServerJdkSslEngineOptions(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new ServerSslContextFactory(super.sslContextFactory());
  }
}
