package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.audit.LogFormat;
import dev.aggregation.apiserver.server.tls.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's configuration as the flags gave it, validated: one immutable value per concern, mirroring
 * k8s.io/apiserver's option sets. Built by {@link ServerOptions}; tests and embedders may build it directly.
 */
public record ServerConfig(
    boolean standalone,
    Serving serving,
    Storage storage,
    Authentication authentication,
    Authorization authorization,
    Limits limits,
    Admission admission,
    Audit audit,
    Optional<Path> kubeconfig) {

  /** The secure port and its TLS. No cert file given → self-signed certificates in {@code certDir}. */
  public record Serving(
      String bindAddress,
      int securePort,
      Path certDir,
      Optional<Path> tlsCertFile,
      Optional<Path> tlsPrivateKeyFile,
      TlsVersion tlsMinVersion,
      List<String> tlsCipherSuites) {
    public Serving {
      tlsCipherSuites = List.copyOf(tlsCipherSuites);
    }
  }

  /**
   * etcd when {@code etcdServers} is not empty, else the embedded store in {@code dataDir}; either behind the
   * watch cache unless {@code watchCache} is false ({@code --watch-cache}).
   */
  public record Storage(
      Optional<Path> dataDir,
      List<String> etcdServers,
      String etcdPrefix,
      Optional<Path> etcdCaFile,
      Optional<Path> etcdCertFile,
      Optional<Path> etcdKeyFile,
      Duration etcdCompactionInterval,
      boolean watchCache) {
    public Storage {
      etcdServers = List.copyOf(etcdServers);
    }

    /** With the watch cache on, kube-apiserver's default. */
    public Storage(
        Optional<Path> dataDir,
        List<String> etcdServers,
        String etcdPrefix,
        Optional<Path> etcdCaFile,
        Optional<Path> etcdCertFile,
        Optional<Path> etcdKeyFile,
        Duration etcdCompactionInterval) {
      this(dataDir, etcdServers, etcdPrefix, etcdCaFile, etcdCertFile, etcdKeyFile, etcdCompactionInterval, true);
    }
  }

  public record Authentication(
      Optional<Path> clientCaFile,
      Optional<Path> tokenAuthFile,
      Optional<Path> kubeconfig,
      boolean skipLookup,
      boolean tolerateLookupFailure,
      Duration tokenWebhookCacheTtl,
      RequestHeader requestHeader) {}

  /** The front-proxy (request-header) authenticator's settings. */
  public record RequestHeader(
      Optional<Path> clientCaFile,
      List<String> allowedNames,
      List<String> usernameHeaders,
      List<String> uidHeaders,
      List<String> groupHeaders,
      List<String> extraHeadersPrefix) {
    public RequestHeader {
      allowedNames = List.copyOf(allowedNames);
      usernameHeaders = List.copyOf(usernameHeaders);
      uidHeaders = List.copyOf(uidHeaders);
      groupHeaders = List.copyOf(groupHeaders);
      extraHeadersPrefix = List.copyOf(extraHeadersPrefix);
    }
  }

  public record Authorization(
      Optional<Path> kubeconfig,
      List<String> alwaysAllowPaths,
      Duration webhookCacheAuthorizedTtl,
      Duration webhookCacheUnauthorizedTtl) {
    public Authorization {
      alwaysAllowPaths = List.copyOf(alwaysAllowPaths);
    }
  }

  /** In-flight limits and request deadlines; {@code minRequestTimeout} bounds a watch's random timeout. */
  public record Limits(
      int maxRequestsInflight, int maxMutatingRequestsInflight, Duration requestTimeout, Duration minRequestTimeout) {}

  public record Admission(List<String> enablePlugins, List<String> disablePlugins) {
    public Admission {
      enablePlugins = List.copyOf(enablePlugins);
      disablePlugins = List.copyOf(disablePlugins);
    }
  }

  /**
   * {@code logPath} "-" means standard output. No policy file or no log path → nothing is recorded. The log
   * rotates past {@code maxSizeMegabytes} (0: lumberjack's 100 MB) keeping {@code maxBackups} old files (0: all)
   * for {@code maxAgeDays} (0: no age limit).
   */
  public record Audit(
      Optional<String> logPath,
      Optional<Path> policyFile,
      int maxAgeDays,
      int maxBackups,
      int maxSizeMegabytes,
      LogFormat format) {
    /** Kubernetes' defaults for everything but the path and the policy. */
    public Audit(Optional<String> logPath, Optional<Path> policyFile) {
      this(logPath, policyFile, 0, 0, 0, LogFormat.JSON);
    }

    public boolean enabled() {
      return logPath.isPresent() && policyFile.isPresent();
    }
  }
}
