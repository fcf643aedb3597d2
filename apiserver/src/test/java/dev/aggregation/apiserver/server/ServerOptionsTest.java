package dev.aggregation.apiserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.audit.LogFormat;
import dev.aggregation.apiserver.server.tls.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  private static ServerConfig config(String... args) throws FlagException {
    return ((CommandLineResult.Run) ServerOptions.parse(args)).config();
  }

  @Test
  void defaultsAreKubernetesDefaults() throws Exception {
    ServerConfig config = config();

    assertThat(config.standalone()).isFalse();
    assertThat(config.serving().securePort()).isEqualTo(443);
    assertThat(config.serving().bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.serving().certDir()).isEqualTo(Path.of("apiserver.local.config/certificates"));
    assertThat(config.serving().tlsMinVersion()).isEqualTo(TlsVersion.TLS12);
    assertThat(config.storage().etcdPrefix()).isEqualTo("/registry");
    assertThat(config.storage().etcdCompactionInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.authorization().alwaysAllowPaths()).containsExactly("/healthz", "/readyz", "/livez");
    assertThat(config.limits().maxRequestsInflight()).isEqualTo(400);
    assertThat(config.limits().maxMutatingRequestsInflight()).isEqualTo(200);
    assertThat(config.limits().requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.limits().minRequestTimeout()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(config.authentication().requestHeader().usernameHeaders()).containsExactly("x-remote-user");
    assertThat(config.authentication().requestHeader().groupHeaders()).containsExactly("x-remote-group");
    assertThat(config.authentication().requestHeader().extraHeadersPrefix()).containsExactly("x-remote-extra-");
  }

  @Test
  void readsGoStyleFlagsInBothForms() throws Exception {
    ServerConfig config =
        config(
            "--standalone",
            "--secure-port=8443",
            "--cert-dir",
            ".dev",
            "--tls-min-version=VersionTLS13",
            "--etcd-compaction-interval=1h30m",
            "--request-timeout=10s",
            "--token-auth-file=tokens.csv",
            "--authentication-skip-lookup=true",
            "--enable-admission-plugins=A,B");

    assertThat(config.standalone()).isTrue();
    assertThat(config.serving().securePort()).isEqualTo(8443);
    assertThat(config.serving().certDir()).isEqualTo(Path.of(".dev"));
    assertThat(config.serving().tlsMinVersion()).isEqualTo(TlsVersion.TLS13);
    assertThat(config.storage().etcdCompactionInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.limits().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.authentication().tokenAuthFile()).contains(Path.of("tokens.csv"));
    assertThat(config.authentication().skipLookup()).isTrue();
    assertThat(config.admission().enablePlugins()).containsExactly("A", "B");
  }

  @Test
  void theWatchCacheIsOnUnlessTurnedOff() throws Exception {
    assertThat(config("--standalone").storage().watchCache()).isTrue();
    assertThat(config("--standalone", "--watch-cache").storage().watchCache()).isTrue();
    assertThat(config("--standalone", "--watch-cache=false").storage().watchCache()).isFalse();
  }

  @Test
  void aGivenListReplacesTheDefaultList() throws Exception {
    assertThat(config("--authorization-always-allow-paths=/healthz,/metrics").authorization().alwaysAllowPaths())
        .containsExactly("/healthz", "/metrics");
  }

  @Test
  void anEmptyListValueClearsTheDefault() throws Exception {
    assertThat(config("--authorization-always-allow-paths=").authorization().alwaysAllowPaths()).isEmpty();
  }

  @Test
  void rejectsAnUnknownFlagNamingIt() {
    assertThatThrownBy(() -> ServerOptions.parse("--secure-prot=8443"))
        .isInstanceOf(FlagException.class)
        .hasMessageContaining("--secure-prot");
  }

  @Test
  void rejectsAMalformedDurationWithGoMessage() {
    assertThatThrownBy(() -> ServerOptions.parse("--etcd-compaction-interval=5x"))
        .isInstanceOf(FlagException.class)
        .hasMessageContaining(
            "invalid argument \"5x\" for \"--etcd-compaction-interval\" flag: time: unknown unit \"x\" in duration \"5x\"");
  }

  @Test
  void rejectsAnUnknownCipherSuite() {
    assertThatThrownBy(() -> ServerOptions.parse("--tls-cipher-suites=TLS_NOPE"))
        .isInstanceOf(FlagException.class)
        .hasMessageContaining("Cipher suite TLS_NOPE not supported or doesn't exist");
  }

  @Test
  void rejectsACertificateWithoutItsKey() {
    assertThatThrownBy(() -> ServerOptions.parse("--tls-cert-file=a.crt"))
        .isInstanceOf(FlagException.class)
        .hasMessageContaining("--tls-cert-file and --tls-private-key-file must be given together");
  }

  @Test
  void rejectsSecurePortZero() {
    assertThatThrownBy(() -> ServerOptions.parse("--secure-port=0"))
        .isInstanceOf(FlagException.class)
        .hasMessageContaining("--secure-port 0 must be between 1 and 65535, inclusive");
  }

  @Test
  void helpListsTheFlags() throws Exception {
    CommandLineResult result = ServerOptions.parse("--help");

    assertThat(result).isInstanceOf(CommandLineResult.Help.class);
    assertThat(((CommandLineResult.Help) result).usage())
        .contains("--secure-port", "--tls-cert-file", "--authorization-always-allow-paths", "--standalone");
  }

  @Test
  void acceptsFlagsForLaterStages() throws Exception {
    ServerConfig config =
        config(
            "--audit-log-path=-",
            "--audit-policy-file=policy.yaml",
            "--requestheader-client-ca-file=front.crt",
            "--requestheader-allowed-names=front-proxy-client",
            "--authentication-kubeconfig=a.kubeconfig",
            "--authorization-kubeconfig=z.kubeconfig",
            "--kubeconfig=k.kubeconfig");

    assertThat(config.audit().logPath()).contains("-");
    assertThat(config.authentication().requestHeader().allowedNames()).containsExactly("front-proxy-client");
    assertThat(config.authorization().kubeconfig()).contains(Path.of("z.kubeconfig"));
    assertThat(config.kubeconfig()).contains(Path.of("k.kubeconfig"));
    assertThat(List.of(config.authentication().kubeconfig().orElseThrow())).containsExactly(Path.of("a.kubeconfig"));
  }

  @Test
  void readsTheAuditLogFlagsWithKubernetesDefaults() throws Exception {
    ServerConfig.Audit defaults = config().audit();
    assertThat(List.of(defaults.maxAgeDays(), defaults.maxBackups(), defaults.maxSizeMegabytes()))
        .containsExactly(0, 0, 0);
    assertThat(defaults.format()).isEqualTo(LogFormat.JSON);
    ServerConfig.Audit given = config("--audit-log-path=/var/log/audit.log", "--audit-policy-file=/etc/policy.yaml",
        "--audit-log-maxage=7", "--audit-log-maxbackup=3", "--audit-log-maxsize=50", "--audit-log-format=legacy").audit();
    assertThat(List.of(given.maxAgeDays(), given.maxBackups(), given.maxSizeMegabytes()))
        .containsExactly(7, 3, 50);
    assertThat(given.format()).isEqualTo(LogFormat.LEGACY);
    assertThat(given.enabled()).isTrue();
  }

  @Test
  void rejectsANegativeAuditLogLimitAndAnUnknownFormat() {
    assertThatThrownBy(() -> config("--audit-log-maxbackup=-1", "--audit-log-format=xml"))
        .hasMessageContaining("--audit-log-maxbackup -1 can't be a negative number")
        .hasMessageContaining("invalid audit log format xml, allowed formats are \"json,legacy\"");
  }
}
