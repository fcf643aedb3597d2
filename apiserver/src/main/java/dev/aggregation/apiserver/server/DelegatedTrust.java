package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.authn.ClusterAuthenticationInfo;
import dev.aggregation.apiserver.authn.ExtensionApiserverAuthentication;
import dev.aggregation.apiserver.authn.RequestHeaderConfig;
import dev.aggregation.apiserver.server.tls.Pem;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom a delegated server trusts to name users, with k8s.io/apiserver's precedence: {@code --client-ca-file}
 * replaces the ConfigMap's {@code client-ca-file}; {@code --requestheader-client-ca-file} replaces the ConfigMap's
 * whole front-proxy block (CA, allowed names and header names then all come from the flags); whatever a flag
 * leaves out comes from the live {@code extension-apiserver-authentication} ConfigMap unless
 * {@code --authentication-skip-lookup}. Each getter reads the current value.
 */
final class DelegatedTrust {
  private static final Logger LOG = LoggerFactory.getLogger(DelegatedTrust.class);
  private static final List<String> STANDARD_USERNAME_HEADERS = List.of("x-remote-user");
  private static final List<String> STANDARD_GROUP_HEADERS = List.of("x-remote-group");
  private static final List<String> STANDARD_EXTRA_PREFIXES = List.of("x-remote-extra-");

  private final Supplier<List<X509Certificate>> clientCas;
  private final Supplier<List<X509Certificate>> requestHeaderCas;
  private final Supplier<Optional<RequestHeaderConfig>> requestHeader;

  private DelegatedTrust(
      Supplier<List<X509Certificate>> clientCas,
      Supplier<List<X509Certificate>> requestHeaderCas,
      Supplier<Optional<RequestHeaderConfig>> requestHeader) {
    this.clientCas = clientCas;
    this.requestHeaderCas = requestHeaderCas;
    this.requestHeader = requestHeader;
  }

  /**
   * Reads the CA files the flags name and, when a flag leaves something out, starts the ConfigMap watch (closed
   * through {@code resources}).
   */
  static DelegatedTrust create(
      ServerConfig.Authentication flags, KubernetesClient client, List<AutoCloseable> resources) throws Exception {
    ServerConfig.RequestHeader proxyFlags = flags.requestHeader();
    boolean lookup =
        !flags.skipLookup() && (flags.clientCaFile().isEmpty() || proxyFlags.clientCaFile().isEmpty());
    Supplier<ClusterAuthenticationInfo> cluster = () -> ClusterAuthenticationInfo.NONE;
    if (lookup) {
      ExtensionApiserverAuthentication watch = ExtensionApiserverAuthentication.start(client, flags.tolerateLookupFailure());
      resources.add(watch);
      cluster = watch::current;
    }
    Supplier<ClusterAuthenticationInfo> live = cluster;

    Supplier<List<X509Certificate>> clientCas;
    if (flags.clientCaFile().isPresent()) {
      List<X509Certificate> fromFile = Pem.readCertificates(flags.clientCaFile().get());
      clientCas = () -> fromFile;
    } else {
      clientCas = () -> live.get().clientCas();
    }

    Supplier<List<X509Certificate>> requestHeaderCas;
    Supplier<Optional<RequestHeaderConfig>> requestHeader;
    if (proxyFlags.clientCaFile().isPresent()) {
      List<X509Certificate> fromFile = Pem.readCertificates(proxyFlags.clientCaFile().get());
      Optional<RequestHeaderConfig> fromFlags = Optional.of(fromFlags(proxyFlags));
      requestHeaderCas = () -> fromFile;
      requestHeader = () -> fromFlags;
    } else {
      requestHeaderCas = () -> live.get().requestHeaderCas();
      requestHeader = () -> live.get().requestHeader();
    }
    return new DelegatedTrust(clientCas, requestHeaderCas, requestHeader);
  }

  private static RequestHeaderConfig fromFlags(ServerConfig.RequestHeader flags) {
    if (!flags.usernameHeaders().containsAll(STANDARD_USERNAME_HEADERS)
        || !flags.groupHeaders().containsAll(STANDARD_GROUP_HEADERS)
        || !flags.extraHeadersPrefix().containsAll(STANDARD_EXTRA_PREFIXES)) {
      LOG.warn(
          "--requestheader-username-headers, --requestheader-group-headers and --requestheader-extra-headers-prefix"
              + " do not include x-remote-user, x-remote-group and x-remote-extra-: API aggregation will not work");
    }
    return new RequestHeaderConfig(
        flags.usernameHeaders(), flags.uidHeaders(), flags.groupHeaders(), flags.extraHeadersPrefix(), flags.allowedNames());
  }

  List<X509Certificate> clientCas() {
    return clientCas.get();
  }

  List<X509Certificate> requestHeaderCas() {
    return requestHeaderCas.get();
  }

  Optional<RequestHeaderConfig> requestHeader() {
    return requestHeader.get();
  }

  /** Advertised in the TLS handshake so that clients pick a certificate these CAs issued. */
  List<X509Certificate> acceptableClientCas() {
    List<X509Certificate> union = new ArrayList<>(clientCas.get());
    requestHeaderCas.get().stream().filter(ca -> !union.contains(ca)).forEach(union::add);
    return union;
  }
}
