package dev.aggregation.apiserver.server.tls;

import java.nio.file.Path;

/** Where {@link DevCertificates} keeps its files inside a cert dir. */
public record DevCertificateFiles(Path directory) {
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  public Path caKey() {
    return directory.resolve("ca.key");
  }

  public Path servingCertificate() {
    return directory.resolve("apiserver.crt");
  }

  public Path servingKey() {
    return directory.resolve("apiserver.key");
  }

  public Path adminCertificate() {
    return directory.resolve("admin.crt");
  }

  public Path adminKey() {
    return directory.resolve("admin.key");
  }

  public Path adminKubeconfig() {
    return directory.resolve("admin.kubeconfig");
  }
}
