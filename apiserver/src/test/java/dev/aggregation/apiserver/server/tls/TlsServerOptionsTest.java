package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.Test;

class TlsServerOptionsTest {
  @Test
  void servesWithBoringSslWhereTheImageShipsItsNativeLibrary() {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "aarch64");

    assertThat(TlsServerOptions.engineOptions()).isInstanceOf(OpenSSLEngineOptions.class);
  }
}
