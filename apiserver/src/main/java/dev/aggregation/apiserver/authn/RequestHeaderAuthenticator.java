package dev.aggregation.apiserver.authn;

import io.vertx.core.MultiMap;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The front-proxy (request-header) authenticator: kube-apiserver, having authenticated the user itself, proxies
 * the request with its proxy client certificate and names the user in headers. The headers are believed only
 * when the TLS client certificate verifies against the requestheader CA (clientAuth usage, intermediates from
 * the presented chain) and its Common Name is allowed; then the user is the first non-empty username header
 * (none: not this authenticator's request), the groups every value of the group headers (repeated headers, not
 * comma-split), the extra values those of the prefixed headers, and the UID the first non-empty UID header.
 * While no requestheader CA or configuration is known it recognises nobody.
 */
public final class RequestHeaderAuthenticator implements Authenticator {
  private final Supplier<List<X509Certificate>> caPool;
  private final Supplier<Optional<RequestHeaderConfig>> config;
  private final ClientCertificateVerifier verifier;

  /**
   * @param caPool the requestheader CAs, read on every request
   * @param config the header names and allowed names, read on every request (empty: none known)
   */
  public RequestHeaderAuthenticator(
      Supplier<List<X509Certificate>> caPool, Supplier<Optional<RequestHeaderConfig>> config, Clock clock) {
    this.caPool = caPool;
    this.config = config;
    this.verifier = new ClientCertificateVerifier(clock);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    List<X509Certificate> chain = request.peerCertificates();
    List<X509Certificate> cas = caPool.get();
    Optional<RequestHeaderConfig> current = config.get();
    if (chain.isEmpty() || cas.isEmpty() || current.isEmpty()) {
      return Optional.empty();
    }
    RequestHeaderConfig headersConfig = current.get();
    verifier.verify(chain, cas, "requestheader CA");
    verifyCommonName(chain.get(0), headersConfig.allowedNames());

    MultiMap headers = request.headers();
    String name = firstValue(headers, headersConfig.usernameHeaders());
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserInfo(
            name,
            firstValue(headers, headersConfig.uidHeaders()),
            allValues(headers, headersConfig.groupHeaders()),
            extra(headers, headersConfig.extraHeaderPrefixes())));
  }
  /** Never blocks: {@link #authenticate} itself. */
  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException {
    return authenticate(request);
  }


  private static void verifyCommonName(X509Certificate leaf, List<String> allowedNames) throws AuthenticationException {
    if (allowedNames.isEmpty()) {
      return;
    }
    String commonName = SubjectNames.commonName(leaf);
    if (!allowedNames.contains(commonName)) {
      throw new AuthenticationException("x509: subject with cn=" + commonName + " is not in the allowed list");
    }
  }

  /** Go's {@code Header.Get} per name, in order: the first value of the first header whose first value is set. */
  private static String firstValue(MultiMap headers, List<String> names) {
    for (String name : names) {
      String value = headers.get(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  private static List<String> allValues(MultiMap headers, List<String> names) {
    List<String> values = new ArrayList<>();
    for (String name : names) {
      headers.getAll(name).stream().filter(value -> !value.isEmpty()).forEach(values::add);
    }
    return values;
  }

  /** Prefixes first, then headers, so that each key's values keep the order of the prefixes and the headers. */
  private static Map<String, List<String>> extra(MultiMap headers, List<String> prefixes) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String prefix : prefixes) {
      String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
      for (Map.Entry<String, String> header : headers.entries()) {
        String lowerName = header.getKey().toLowerCase(Locale.ROOT);
        if (lowerName.startsWith(lowerPrefix)) {
          String key = ExtraKeys.unescape(lowerName.substring(prefix.length()));
          extra.computeIfAbsent(key, k -> new ArrayList<>()).add(header.getValue());
        }
      }
    }
    return extra;
  }
}
