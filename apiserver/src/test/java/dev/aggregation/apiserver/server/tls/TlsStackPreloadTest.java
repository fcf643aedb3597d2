package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsStackPreloadTest {
  @TempDir Path certDir;

  /** Vert.x's JDK engine builds its server contexts through SslContextBuilder: the preload must name that class. */
  @Test
  void preloadsTheClassOfTheServerContextsTheJdkEngineBuilds() throws Exception {
    DevCertificateFiles files = DevCertificates.forLocalhost(Clock.systemUTC()).ensure(certDir, 8443);

    SslContext context =
        SslContextBuilder.forServer(files.servingCertificate().toFile(), files.servingKey().toFile()).sslProvider(SslProvider.JDK).build();

    assertThat(context.getClass().getName()).isEqualTo(TlsStackPreload.JDK_SERVER_CONTEXT);
  }
}
