package dev.aggregation.apiserver.server.tls;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The kubeconfig that lets a developer reach the standalone server as its administrator: the cluster is
 * {@code https://127.0.0.1:<port>} trusted through the dev CA, the user authenticates with the admin client
 * certificate. Everything is inline ({@code *-data}), so the file works from any directory.
 */
public final class AdminKubeconfig {
  static final String CLUSTER = "apiserver-dev";
  static final String USER = "admin";
  static final String CONTEXT = USER + "@" + CLUSTER;

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private AdminKubeconfig() {}

  public static String render(X509Certificate ca, IssuedCertificate admin, int port) {
    Config config =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName(CLUSTER)
            .withNewCluster()
            .withServer("https://127.0.0.1:" + port)
            .withCertificateAuthorityData(base64(Pem.encodeCertificate(ca)))
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName(USER)
            .withNewUser()
            .withClientCertificateData(base64(admin.certificatePem()))
            .withClientKeyData(base64(admin.privateKeyPem()))
            .endUser()
            .endUser()
            .addNewContext()
            .withName(CONTEXT)
            .withNewContext()
            .withCluster(CLUSTER)
            .withUser(USER)
            .endContext()
            .endContext()
            .withCurrentContext(CONTEXT)
            .build();
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the admin kubeconfig", e);
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
