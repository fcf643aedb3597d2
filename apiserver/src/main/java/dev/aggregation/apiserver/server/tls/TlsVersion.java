package dev.aggregation.apiserver.server.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The minimum TLS version, named as {@code --tls-min-version} names it. TLS 1.0 and 1.1 are not offered: the
 * JDK disables them ({@code jdk.tls.disabledAlgorithms}) and Kubernetes clients never need them.
 */
public enum TlsVersion {
  TLS12("VersionTLS12", Set.of("TLSv1.2", "TLSv1.3")),
  TLS13("VersionTLS13", Set.of("TLSv1.3"));

  private final String flagValue;
  private final Set<String> enabledProtocols;

  TlsVersion(String flagValue, Set<String> enabledProtocols) {
    this.flagValue = flagValue;
    this.enabledProtocols = enabledProtocols;
  }

  public String flagValue() {
    return flagValue;
  }

  /** JDK protocol names to enable: this version and every later one. */
  public Set<String> enabledProtocols() {
    return enabledProtocols;
  }

  /** Parses a {@code --tls-min-version} value; an empty value means Kubernetes' default, TLS 1.2. */
  public static TlsVersion fromFlag(String value) {
    if (value == null || value.isEmpty()) {
      return TLS12;
    }
    for (TlsVersion version : values()) {
      if (version.flagValue.equals(value)) {
        return version;
      }
    }
    if (value.equals("VersionTLS10") || value.equals("VersionTLS11")) {
      throw new IllegalArgumentException(
          "--tls-min-version " + value + " is not supported: TLS 1.0 and 1.1 are disabled; use VersionTLS12 or VersionTLS13");
    }
    throw new IllegalArgumentException(
        "unknown tls version \""
            + value
            + "\", allowed values: "
            + Arrays.stream(values()).map(TlsVersion::flagValue).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return flagValue.toLowerCase(Locale.ROOT);
  }
}
