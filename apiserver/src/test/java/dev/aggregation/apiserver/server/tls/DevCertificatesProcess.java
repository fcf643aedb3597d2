package dev.aggregation.apiserver.server.tls;

import java.nio.file.Path;
import java.time.Clock;

/** Runs {@link DevCertificates#ensure} in its own JVM, for the test of two processes sharing a cert dir. */
public final class DevCertificatesProcess {
  private DevCertificatesProcess() {}

  public static void main(String[] args) throws Exception {
    DevCertificates.forLocalhost(Clock.systemUTC()).ensure(Path.of(args[0]), Integer.parseInt(args[1]));
  }
}
