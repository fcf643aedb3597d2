package dev.aggregation.apiserver.authn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.server.tls.Pem;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-apiserver publishes in {@code kube-system/extension-apiserver-authentication} for the servers it
 * aggregates: the client CA, the front proxy's CA and its header settings. List-valued keys hold a JSON array in
 * a string ({@code '["X-Remote-User"]'}); an absent or empty key is an empty list.
 *
 * @param requestHeader empty when nothing is known about the front proxy (no ConfigMap, or a deleted one)
 */
public record ClusterAuthenticationInfo(
    List<X509Certificate> clientCas, List<X509Certificate> requestHeaderCas, Optional<RequestHeaderConfig> requestHeader) {
  public static final String CLIENT_CA = "client-ca-file";
  public static final String REQUESTHEADER_CA = "requestheader-client-ca-file";
  public static final String ALLOWED_NAMES = "requestheader-allowed-names";
  public static final String USERNAME_HEADERS = "requestheader-username-headers";
  public static final String UID_HEADERS = "requestheader-uid-headers";
  public static final String GROUP_HEADERS = "requestheader-group-headers";
  public static final String EXTRA_HEADERS_PREFIX = "requestheader-extra-headers-prefix";

  /** Nothing published: no client CA, no front proxy. */
  public static final ClusterAuthenticationInfo NONE = new ClusterAuthenticationInfo(List.of(), List.of(), Optional.empty());

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  public ClusterAuthenticationInfo {
    clientCas = List.copyOf(clientCas);
    requestHeaderCas = List.copyOf(requestHeaderCas);
  }

  /**
   * Reads a ConfigMap's data. Each of the three parts (client CA, requestheader CA, header settings) is read on
   * its own, as Kubernetes' three controllers do: a malformed part keeps its value from {@code previous}, and
   * is reported through {@code problems}.
   */
  public static ClusterAuthenticationInfo read(
      Map<String, String> data, ClusterAuthenticationInfo previous, java.util.function.Consumer<String> problems) {
    List<X509Certificate> clientCas = previous.clientCas();
    try {
      clientCas = certificates(data.get(CLIENT_CA));
    } catch (CertificateException e) {
      problems.accept("key " + CLIENT_CA + ": " + e.getMessage());
    }
    List<X509Certificate> requestHeaderCas = previous.requestHeaderCas();
    try {
      requestHeaderCas = certificates(data.get(REQUESTHEADER_CA));
    } catch (CertificateException e) {
      problems.accept("key " + REQUESTHEADER_CA + ": " + e.getMessage());
    }
    Optional<RequestHeaderConfig> requestHeader = previous.requestHeader();
    try {
      requestHeader =
          Optional.of(
              new RequestHeaderConfig(
                  strings(data, USERNAME_HEADERS),
                  strings(data, UID_HEADERS),
                  strings(data, GROUP_HEADERS),
                  strings(data, EXTRA_HEADERS_PREFIX),
                  strings(data, ALLOWED_NAMES)));
    } catch (IllegalArgumentException e) {
      problems.accept(e.getMessage());
    }
    return new ClusterAuthenticationInfo(clientCas, requestHeaderCas, requestHeader);
  }

  /** An absent or empty key is no CA; content without a certificate is an error (client-go's ParseCertsPEM). */
  private static List<X509Certificate> certificates(String pem) throws CertificateException {
    if (pem == null || pem.isEmpty()) {
      return List.of();
    }
    List<X509Certificate> certificates = Pem.decodeCertificates(pem);
    if (certificates.isEmpty()) {
      throw new CertificateException("data does not contain any valid RSA or ECDSA certificates");
    }
    return certificates;
  }

  private static List<String> strings(Map<String, String> data, String key) {
    String value = data.get(key);
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    try {
      List<String> strings = Json.mapper().readValue(value, STRINGS);
      // Go reads a JSON null element as ""
      return strings == null ? List.of() : strings.stream().map(s -> s == null ? "" : s).toList();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("key " + key + " is not a JSON array of strings: " + e.getOriginalMessage(), e);
    }
  }
}
