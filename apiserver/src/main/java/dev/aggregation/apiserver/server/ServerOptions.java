package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.audit.LogFormat;
import dev.aggregation.apiserver.server.tls.CipherSuites;
import dev.aggregation.apiserver.server.tls.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command-line parser: k8s.io/apiserver's flag names and defaults (as the sample-apiserver has them), plus
 * {@code --standalone}, {@code --data-dir} and {@code --token-auth-file}. It only parses; {@link #parse} turns
 * the result into a validated {@link ServerConfig}. Flags accepted for stages that come later are parsed and
 * carried unchanged.
 */
@Command(
    name = "apiserver",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "An aggregated Kubernetes API server (wardle.example.com).")
public final class ServerOptions {
  static final String DEFAULT_CERT_DIR = "apiserver.local.config/certificates";

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--standalone", arity = "0..1", fallbackValue = "true",
      description = "Run without a kube-apiserver (development): own CA, token file, no delegation.")
  boolean standalone;

  // Serving
  @Option(names = "--bind-address", defaultValue = "0.0.0.0", paramLabel = "ip",
      description = "The IP address on which to listen for the --secure-port port. (default ${DEFAULT-VALUE})")
  String bindAddress;

  @Option(names = "--secure-port", defaultValue = "443", paramLabel = "int",
      description = "The port on which to serve HTTPS with authentication and authorization. (default ${DEFAULT-VALUE})")
  int securePort;

  @Option(names = "--cert-dir", defaultValue = DEFAULT_CERT_DIR, paramLabel = "string",
      description = "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored. (default \"${DEFAULT-VALUE}\")")
  String certDir;

  @Option(names = "--tls-cert-file", paramLabel = "string",
      description = "File containing the default x509 Certificate for HTTPS (CA cert, if any, concatenated after server cert).")
  String tlsCertFile;

  @Option(names = "--tls-private-key-file", paramLabel = "string",
      description = "File containing the default x509 private key matching --tls-cert-file.")
  String tlsPrivateKeyFile;

  @Option(names = "--tls-min-version", paramLabel = "string",
      description = "Minimum TLS version supported. Possible values: VersionTLS12, VersionTLS13 (default VersionTLS12)")
  String tlsMinVersion;

  @Option(names = "--tls-cipher-suites", split = ",", paramLabel = "strings",
      description = "Comma-separated list of cipher suites for the server. If omitted, the default Go cipher suites will be used.")
  List<String> tlsCipherSuites = new ArrayList<>();

  // Storage
  @Option(names = "--data-dir", paramLabel = "string",
      description = "Directory of the embedded store, used when --etcd-servers is not given.")
  String dataDir;

  @Option(names = "--etcd-servers", split = ",", paramLabel = "strings",
      description = "List of etcd servers to connect with (scheme://ip:port), comma separated.")
  List<String> etcdServers = new ArrayList<>();

  @Option(names = "--etcd-prefix", defaultValue = "/registry", paramLabel = "string",
      description = "The prefix to prepend to all resource paths in etcd. (default \"${DEFAULT-VALUE}\")")
  String etcdPrefix;

  @Option(names = "--etcd-cafile", paramLabel = "string", description = "SSL Certificate Authority file used to secure etcd communication.")
  String etcdCaFile;

  @Option(names = "--etcd-certfile", paramLabel = "string", description = "SSL certification file used to secure etcd communication.")
  String etcdCertFile;

  @Option(names = "--etcd-keyfile", paramLabel = "string", description = "SSL key file used to secure etcd communication.")
  String etcdKeyFile;

  @Option(names = "--etcd-compaction-interval", defaultValue = "5m", paramLabel = "duration",
      description = "The interval of compaction requests. If 0, the compaction request from apiserver is disabled. (default ${DEFAULT-VALUE}0s)")
  String etcdCompactionInterval;

  @Option(names = "--watch-cache", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "",
      description = "Enable watch caching in the apiserver (default true)")
  boolean watchCache;

  // Authentication
  @Option(names = "--client-ca-file", paramLabel = "string",
      description = "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate.")
  String clientCaFile;

  @Option(names = "--token-auth-file", paramLabel = "string",
      description = "If set, the file that will be used to secure the secure port of the API server via token authentication (standalone mode).")
  String tokenAuthFile;

  @Option(names = "--authentication-kubeconfig", paramLabel = "string",
      description = "kubeconfig file pointing at the 'core' kubernetes server with enough rights to create tokenreviews.authentication.k8s.io.")
  String authenticationKubeconfig;

  @Option(names = "--authentication-skip-lookup", arity = "0..1", fallbackValue = "true",
      description = "If false, the authentication-kubeconfig will be used to lookup missing authentication configuration from the cluster.")
  boolean authenticationSkipLookup;

  @Option(names = "--authentication-tolerate-lookup-failure", arity = "0..1", fallbackValue = "true",
      description = "If true, failures to look up missing authentication configuration from the cluster are not considered fatal.")
  boolean authenticationTolerateLookupFailure;

  @Option(names = "--authentication-token-webhook-cache-ttl", defaultValue = "10s", paramLabel = "duration",
      description = "The duration to cache responses from the webhook token authenticator. (default ${DEFAULT-VALUE})")
  String authenticationTokenWebhookCacheTtl;

  @Option(names = "--requestheader-client-ca-file", paramLabel = "string",
      description = "Root certificate bundle to use to verify client certificates on incoming requests before trusting usernames in headers specified by --requestheader-username-headers.")
  String requestheaderClientCaFile;

  @Option(names = "--requestheader-allowed-names", split = ",", paramLabel = "strings",
      description = "List of client certificate common names to allow to provide usernames in headers specified by --requestheader-username-headers. If empty, any client certificate validated by the authorities in --requestheader-client-ca-file is allowed.")
  List<String> requestheaderAllowedNames = new ArrayList<>();

  @Option(names = "--requestheader-username-headers", split = ",", defaultValue = "x-remote-user", paramLabel = "strings",
      description = "List of request headers to inspect for usernames. (default [${DEFAULT-VALUE}])")
  List<String> requestheaderUsernameHeaders;

  @Option(names = "--requestheader-uid-headers", split = ",", paramLabel = "strings",
      description = "List of request headers to inspect for UIDs.")
  List<String> requestheaderUidHeaders = new ArrayList<>();

  @Option(names = "--requestheader-group-headers", split = ",", defaultValue = "x-remote-group", paramLabel = "strings",
      description = "List of request headers to inspect for groups. (default [${DEFAULT-VALUE}])")
  List<String> requestheaderGroupHeaders;

  @Option(names = "--requestheader-extra-headers-prefix", split = ",", defaultValue = "x-remote-extra-", paramLabel = "strings",
      description = "List of request header prefixes to inspect. (default [${DEFAULT-VALUE}])")
  List<String> requestheaderExtraHeadersPrefix;

  // Authorization
  @Option(names = "--authorization-kubeconfig", paramLabel = "string",
      description = "kubeconfig file pointing at the 'core' kubernetes server with enough rights to create subjectaccessreviews.authorization.k8s.io.")
  String authorizationKubeconfig;

  @Option(names = "--authorization-always-allow-paths", split = ",", defaultValue = "/healthz,/readyz,/livez", paramLabel = "strings",
      description = "A list of HTTP paths to skip during authorization, i.e. these are authorized without contacting the 'core' kubernetes server. (default [${DEFAULT-VALUE}])")
  List<String> authorizationAlwaysAllowPaths;

  @Option(names = "--authorization-webhook-cache-authorized-ttl", defaultValue = "10s", paramLabel = "duration",
      description = "The duration to cache 'authorized' responses from the webhook authorizer. (default ${DEFAULT-VALUE})")
  String authorizationWebhookCacheAuthorizedTtl;

  @Option(names = "--authorization-webhook-cache-unauthorized-ttl", defaultValue = "10s", paramLabel = "duration",
      description = "The duration to cache 'unauthorized' responses from the webhook authorizer. (default ${DEFAULT-VALUE})")
  String authorizationWebhookCacheUnauthorizedTtl;

  // Limits
  @Option(names = "--max-requests-inflight", defaultValue = "400", paramLabel = "int",
      description = "The maximum number of non-mutating requests in flight at a given time. (default ${DEFAULT-VALUE})")
  int maxRequestsInflight;

  @Option(names = "--max-mutating-requests-inflight", defaultValue = "200", paramLabel = "int",
      description = "The maximum number of mutating requests in flight at a given time. (default ${DEFAULT-VALUE})")
  int maxMutatingRequestsInflight;

  @Option(names = "--request-timeout", defaultValue = "1m", paramLabel = "duration",
      description = "The default duration a handler must keep a request open before timing it out. (default ${DEFAULT-VALUE}0s)")
  String requestTimeout;

  @Option(names = "--min-request-timeout", defaultValue = "1800", paramLabel = "int",
      description = "The minimum number of seconds a handler must keep a request open before timing it out (watch). (default ${DEFAULT-VALUE})")
  int minRequestTimeout;

  // Admission, audit, core client
  @Option(names = "--enable-admission-plugins", split = ",", paramLabel = "strings",
      description = "admission plugins that should be enabled in addition to default enabled ones.")
  List<String> enableAdmissionPlugins = new ArrayList<>();

  @Option(names = "--disable-admission-plugins", split = ",", paramLabel = "strings",
      description = "admission plugins that should be disabled although they are in the default enabled plugins list.")
  List<String> disableAdmissionPlugins = new ArrayList<>();

  @Option(names = "--audit-log-path", paramLabel = "string",
      description = "If set, all requests coming to the apiserver will be logged to this file. '-' means standard out.")
  String auditLogPath;

  @Option(names = "--audit-policy-file", paramLabel = "string", description = "Path to the file that defines the audit policy configuration.")
  String auditPolicyFile;

  @Option(names = "--audit-log-maxage", defaultValue = "0", paramLabel = "int",
      description = "The maximum number of days to retain old audit log files based on the timestamp encoded in their filename.")
  int auditLogMaxAge;

  @Option(names = "--audit-log-maxbackup", defaultValue = "0", paramLabel = "int",
      description = "The maximum number of old audit log files to retain. Setting a value of 0 will mean there's no restriction on the number of files.")
  int auditLogMaxBackup;

  @Option(names = "--audit-log-maxsize", defaultValue = "0", paramLabel = "int",
      description = "The maximum size in megabytes of the audit log file before it gets rotated.")
  int auditLogMaxSize;

  @Option(names = "--audit-log-format", defaultValue = "json", paramLabel = "string",
      description = "Format of saved audits. \"legacy\" indicates 1-line text format for each event. \"json\" indicates structured json format. Known formats are legacy,json. (default \"${DEFAULT-VALUE}\")")
  String auditLogFormat;

  @Option(names = "--kubeconfig", paramLabel = "string",
      description = "kubeconfig file pointing at the 'core' kubernetes server.")
  String kubeconfig;

  /**
   * Parses {@code args}.
   *
   * @throws FlagException for an unknown flag, a malformed value or contradicting values; the message names
   *     the flag and ends with a hint to {@code --help}
   */
  public static CommandLineResult parse(String... args) throws FlagException {
    ServerOptions options = new ServerOptions();
    CommandLine commandLine = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(false);
    try {
      commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new FlagException(e.getMessage() + "\nSee 'apiserver --help'.", e);
    }
    if (commandLine.isUsageHelpRequested()) {
      return new CommandLineResult.Help(commandLine.getUsageMessage());
    }
    try {
      return new CommandLineResult.Run(options.toConfig());
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage() + "\nSee 'apiserver --help'.", e);
    }
  }

  private ServerConfig toConfig() {
    List<String> errors = new ArrayList<>();
    if (securePort < 1 || securePort > 65535) {
      errors.add(
          "--secure-port " + securePort + " must be between 1 and 65535, inclusive. It cannot be turned off with 0");
    }
    if ((tlsCertFile == null) != (tlsPrivateKeyFile == null)) {
      errors.add("--tls-cert-file and --tls-private-key-file must be given together");
    }
    if ((etcdCertFile == null) != (etcdKeyFile == null)) {
      errors.add("--etcd-certfile and --etcd-keyfile must be given together");
    }
    if (dataDir != null && !nonEmpty(etcdServers).isEmpty()) {
      errors.add("--data-dir (embedded store) and --etcd-servers are mutually exclusive");
    }
    if (maxRequestsInflight < 0) {
      errors.add("--max-requests-inflight can not be negative value");
    }
    if (maxMutatingRequestsInflight < 0) {
      errors.add("--max-mutating-requests-inflight can not be negative value");
    }
    if (minRequestTimeout < 0) {
      errors.add("--min-request-timeout can not be negative value");
    }
    TlsVersion minVersion = convert(errors, "--tls-min-version", tlsMinVersion, TlsVersion::fromFlag);
    convert(errors, "--tls-cipher-suites", nonEmpty(tlsCipherSuites), CipherSuites::forFlag);
    Duration compaction = duration(errors, "--etcd-compaction-interval", etcdCompactionInterval);
    Duration timeout = duration(errors, "--request-timeout", requestTimeout);
    if (timeout != null && timeout.isNegative()) {
      errors.add("--request-timeout can not be negative value");
    }
    for (String[] flag : new String[][] {
        {"--audit-log-maxage", Integer.toString(auditLogMaxAge)},
        {"--audit-log-maxbackup", Integer.toString(auditLogMaxBackup)},
        {"--audit-log-maxsize", Integer.toString(auditLogMaxSize)}}) {
      if (Integer.parseInt(flag[1]) < 0) {
        errors.add(flag[0] + " " + flag[1] + " can't be a negative number");
      }
    }
    LogFormat auditFormat = convert(errors, "--audit-log-format", auditLogFormat, LogFormat::fromFlag);
    Duration tokenTtl = duration(errors, "--authentication-token-webhook-cache-ttl", authenticationTokenWebhookCacheTtl);
    Duration authorizedTtl =
        duration(errors, "--authorization-webhook-cache-authorized-ttl", authorizationWebhookCacheAuthorizedTtl);
    Duration unauthorizedTtl =
        duration(errors, "--authorization-webhook-cache-unauthorized-ttl", authorizationWebhookCacheUnauthorizedTtl);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new ServerConfig(
        standalone,
        new ServerConfig.Serving(
            bindAddress,
            securePort,
            Path.of(certDir),
            path(tlsCertFile),
            path(tlsPrivateKeyFile),
            minVersion,
            nonEmpty(tlsCipherSuites)),
        new ServerConfig.Storage(
            path(dataDir),
            nonEmpty(etcdServers),
            etcdPrefix,
            path(etcdCaFile),
            path(etcdCertFile),
            path(etcdKeyFile),
            compaction,
            watchCache),
        new ServerConfig.Authentication(
            path(clientCaFile),
            path(tokenAuthFile),
            path(authenticationKubeconfig),
            authenticationSkipLookup,
            authenticationTolerateLookupFailure,
            tokenTtl,
            new ServerConfig.RequestHeader(
                path(requestheaderClientCaFile),
                nonEmpty(requestheaderAllowedNames),
                nonEmpty(requestheaderUsernameHeaders),
                nonEmpty(requestheaderUidHeaders),
                nonEmpty(requestheaderGroupHeaders),
                nonEmpty(requestheaderExtraHeadersPrefix))),
        new ServerConfig.Authorization(
            path(authorizationKubeconfig), nonEmpty(authorizationAlwaysAllowPaths), authorizedTtl, unauthorizedTtl),
        new ServerConfig.Limits(
            maxRequestsInflight, maxMutatingRequestsInflight, timeout, Duration.ofSeconds(minRequestTimeout)),
        new ServerConfig.Admission(nonEmpty(enableAdmissionPlugins), nonEmpty(disableAdmissionPlugins)),
        new ServerConfig.Audit(
            Optional.ofNullable(auditLogPath).filter(p -> !p.isEmpty()),
            path(auditPolicyFile),
            auditLogMaxAge,
            auditLogMaxBackup,
            auditLogMaxSize,
            auditFormat),
        path(kubeconfig));
  }

  private static <T, R> R convert(
      List<String> errors, String flag, T value, java.util.function.Function<T, R> conversion) {
    try {
      return conversion.apply(value);
    } catch (IllegalArgumentException e) {
      errors.add("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + e.getMessage());
      return null;
    }
  }

  private static Duration duration(List<String> errors, String flag, String value) {
    return convert(errors, flag, value, GoDuration::parse);
  }

  /** An empty flag value ({@code --x=}) is an empty list, as for pflag's string slices. */
  private static List<String> nonEmpty(List<String> values) {
    return values == null ? List.of() : values.stream().filter(v -> !v.isEmpty()).toList();
  }

  private static Optional<Path> path(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
