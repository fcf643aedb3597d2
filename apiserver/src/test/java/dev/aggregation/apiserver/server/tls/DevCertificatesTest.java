package dev.aggregation.apiserver.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Config;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificatesTest {
  private final DevCertificates dev = DevCertificates.forLocalhost(Clock.systemUTC());

  @TempDir Path certDir;

  @Test
  void generatesCaServingAndAdminCertificatesWithPrivateKeysOwnerOnly() throws Exception {
    DevCertificateFiles files = dev.ensure(certDir, 8443);

    X509Certificate ca = Pem.readCertificates(files.caCertificate()).get(0);
    X509Certificate serving = Pem.readCertificates(files.servingCertificate()).get(0);
    X509Certificate admin = Pem.readCertificates(files.adminCertificate()).get(0);
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getSerialNumber().signum()).isPositive();
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    List<String> sans = serving.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    assertThat(sans).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    assertThat(admin.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(admin.getSubjectX500Principal().getName()).isEqualTo("CN=admin,O=system:masters");
    serving.verify(ca.getPublicKey());
    admin.verify(ca.getPublicKey());
    for (Path secret : List.of(files.caKey(), files.servingKey(), files.adminKey(), files.adminKubeconfig())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readString(files.adminKey())).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void certificatesComeFirstAndTheKubeconfigAfterAsEnsureWritesThem() throws Exception {
    DevCertificates.Certificates certificates = dev.ensureCertificates(certDir);
    DevCertificateFiles files = certificates.files();
    assertThat(files.servingCertificate()).exists();
    assertThat(files.adminKubeconfig()).doesNotExist();

    dev.writeAdminKubeconfig(certificates, 8443);

    Config kubeconfig = new YAMLMapper().readValue(files.adminKubeconfig().toFile(), Config.class);
    assertThat(kubeconfig.getClusters().get(0).getCluster().getServer()).isEqualTo("https://127.0.0.1:8443");
    assertThat(decode(kubeconfig.getClusters().get(0).getCluster().getCertificateAuthorityData()))
        .isEqualTo(Files.readString(files.caCertificate()));
    assertThat(decode(kubeconfig.getUsers().get(0).getUser().getClientCertificateData()))
        .isEqualTo(Files.readString(files.adminCertificate()));
    assertThat(dev.ensure(certDir, 8443)).isEqualTo(files);
    assertThat(Files.readString(files.adminKubeconfig())).isEqualTo(AdminKubeconfig.render(certificates.ca(), certificates.admin(), 8443));
  }

  @Test
  void kubeconfigPointsAtTheLoopbackPortWithTheDevCaAndAdminCertificate() throws Exception {
    DevCertificateFiles files = dev.ensure(certDir, 8443);

    Config kubeconfig = new YAMLMapper().readValue(files.adminKubeconfig().toFile(), Config.class);
    assertThat(kubeconfig.getCurrentContext()).isEqualTo("admin@apiserver-dev");
    assertThat(kubeconfig.getClusters().get(0).getCluster().getServer()).isEqualTo("https://127.0.0.1:8443");
    assertThat(decode(kubeconfig.getClusters().get(0).getCluster().getCertificateAuthorityData()))
        .isEqualTo(Files.readString(files.caCertificate()));
    assertThat(decode(kubeconfig.getUsers().get(0).getUser().getClientCertificateData()))
        .isEqualTo(Files.readString(files.adminCertificate()));
  }

  @Test
  void laterStartsReuseTheCertificates() throws Exception {
    DevCertificateFiles first = dev.ensure(certDir, 8443);
    String ca = Files.readString(first.caCertificate());
    String serving = Files.readString(first.servingCertificate());
    String kubeconfig = Files.readString(first.adminKubeconfig());

    DevCertificateFiles second = dev.ensure(certDir, 8443);

    assertThat(Files.readString(second.caCertificate())).isEqualTo(ca);
    assertThat(Files.readString(second.servingCertificate())).isEqualTo(serving);
    assertThat(Files.readString(second.adminKubeconfig())).isEqualTo(kubeconfig);
  }

  @Test
  void rewritesTheKubeconfigForAnotherPortKeepingTheCertificates() throws Exception {
    DevCertificateFiles first = dev.ensure(certDir, 8443);
    String admin = Files.readString(first.adminCertificate());

    DevCertificateFiles second = dev.ensure(certDir, 9443);

    assertThat(Files.readString(second.adminKubeconfig())).contains("server: https://127.0.0.1:9443");
    assertThat(Files.readString(second.adminCertificate())).isEqualTo(admin);
  }

  @Test
  void reissuesLeavesWhenTheCaIsReplaced() throws Exception {
    DevCertificateFiles files = dev.ensure(certDir, 8443);
    Files.delete(files.caKey());

    dev.ensure(certDir, 8443);

    X509Certificate ca = Pem.readCertificates(files.caCertificate()).get(0);
    Pem.readCertificates(files.servingCertificate()).get(0).verify(ca.getPublicKey());
    Pem.readCertificates(files.adminCertificate()).get(0).verify(ca.getPublicKey());
  }

  @Test
  void concurrentCallsInOneJvmAgreeOnTheCertificates() throws Exception {
    int callers = 4;
    CyclicBarrier start = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> cas = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Callable<String> call =
            () -> {
              start.await();
              return Files.readString(dev.ensure(certDir, 8443).caCertificate());
            };
        cas.add(pool.submit(call));
      }
      String onDisk = null;
      for (Future<String> ca : cas) {
        String seen = ca.get(60, TimeUnit.SECONDS);
        onDisk = onDisk == null ? seen : onDisk;
        assertThat(seen).isEqualTo(onDisk);
      }
      assertThat(Files.readString(certDir.resolve("ca.crt"))).isEqualTo(onDisk);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoProcessesStartingTogetherAgreeOnTheCertificates() throws Exception {
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DevCertificatesProcess.class.getName(),
                  certDir.toString(),
                  "8443")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    for (Process process : processes) {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    }

    DevCertificateFiles files = new DevCertificateFiles(certDir);
    X509Certificate ca = Pem.readCertificates(files.caCertificate()).get(0);
    Pem.readCertificates(files.servingCertificate()).get(0).verify(ca.getPublicKey());
    Pem.readCertificates(files.adminCertificate()).get(0).verify(ca.getPublicKey());
    ServingCertificate.read(files.servingCertificate(), files.servingKey());
    ServingCertificate.read(files.adminCertificate(), files.adminKey());
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.US_ASCII);
  }
}
