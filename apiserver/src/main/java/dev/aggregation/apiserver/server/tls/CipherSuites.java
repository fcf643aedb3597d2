package dev.aggregation.apiserver.server.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --tls-cipher-suites}: the names Kubernetes accepts (Go's crypto/tls names, IANA spelling plus Go's two
 * legacy ChaCha20 aliases) mapped to JDK names, and the default set when the flag is not given.
 *
 * <p>As in Go, TLS 1.3 suites cannot be narrowed: all three are always enabled, and the flag only selects
 * TLS 1.2 suites.
 */
public final class CipherSuites {
  /** The TLS 1.3 suites (same names in Go and the JDK). */
  public static final List<String> TLS13 =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /**
   * The default TLS 1.2 suites: Go's secure defaults with forward secrecy and AEAD only (ECDHE with AES-GCM or
   * ChaCha20-Poly1305), in Go's preference order.
   */
  public static final List<String> DEFAULT_TLS12 =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** Every name {@code --tls-cipher-suites} accepts in kube-apiserver, with its JDK name. */
  private static final Map<String, String> GO_TO_JDK =
      Map.ofEntries(
          same("TLS_AES_128_GCM_SHA256"),
          same("TLS_AES_256_GCM_SHA384"),
          same("TLS_CHACHA20_POLY1305_SHA256"),
          same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
          same("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
          same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
          same("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
          same("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
          same("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
          same("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
          same("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
          same("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
          same("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
          Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
          Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
          // Go's InsecureCipherSuites(): accepted by the flag as in Kubernetes; the JDK still refuses to
          // negotiate those its security policy disables (RC4, 3DES).
          same("TLS_RSA_WITH_RC4_128_SHA"),
          same("TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
          same("TLS_RSA_WITH_AES_128_CBC_SHA"),
          same("TLS_RSA_WITH_AES_256_CBC_SHA"),
          same("TLS_RSA_WITH_AES_128_CBC_SHA256"),
          same("TLS_RSA_WITH_AES_128_GCM_SHA256"),
          same("TLS_RSA_WITH_AES_256_GCM_SHA384"),
          same("TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
          same("TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
          same("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
          same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
          same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));

  private CipherSuites() {}

  /**
   * The JDK suites to enable for a {@code --tls-cipher-suites} value (empty = Kubernetes' defaults), TLS 1.3
   * suites first.
   *
   * @throws IllegalArgumentException naming the first unknown suite, with Kubernetes' message
   */
  public static List<String> forFlag(List<String> goNames) {
    Set<String> jdkNames = new LinkedHashSet<>(TLS13);
    if (goNames.isEmpty()) {
      jdkNames.addAll(DEFAULT_TLS12);
    }
    for (String goName : goNames) {
      String jdkName = GO_TO_JDK.get(goName);
      if (jdkName == null) {
        throw new IllegalArgumentException("Cipher suite " + goName + " not supported or doesn't exist");
      }
      jdkNames.add(jdkName);
    }
    return new ArrayList<>(jdkNames);
  }

  private static Map.Entry<String, String> same(String name) {
    return Map.entry(name, name);
  }
}
