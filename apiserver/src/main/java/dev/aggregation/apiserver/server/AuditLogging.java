package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.audit.AuditFilter;
import dev.aggregation.apiserver.audit.LogBackend;
import dev.aggregation.apiserver.audit.PolicyEvaluator;
import dev.aggregation.apiserver.audit.PolicyLoader;
import dev.aggregation.apiserver.audit.RotatingFileWriter;
import io.vertx.core.Vertx;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit filter the flags ask for: --audit-policy-file read once at startup, events to --audit-log-path
 * ('-' is standard output) rotated by --audit-log-maxsize/-maxbackup/-maxage. Without both a policy and a path
 * nothing is recorded and no filter is mounted.
 */
final class AuditLogging {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLogging.class);
  /** lumberjack's size when --audit-log-maxsize is 0. */
  static final int DEFAULT_MAX_SIZE_MEGABYTES = 100;

  private AuditLogging() {}

  static Optional<AuditFilter> filter(ServerConfig.Audit config, Vertx vertx, Clock clock, List<AutoCloseable> resources)
      throws IOException {
    if (!config.enabled()) {
      if (config.policyFile().isPresent() || config.logPath().isPresent()) {
        LOG.info("audit logging needs both --audit-policy-file and --audit-log-path: nothing is recorded");
      }
      return Optional.empty();
    }
    PolicyEvaluator policy = new PolicyEvaluator(new PolicyLoader().load(config.policyFile().get()));
    String path = config.logPath().get();
    LogBackend.Sink sink;
    if (path.equals("-")) {
      sink = LogBackend.stream(new FileOutputStream(FileDescriptor.out));
    } else {
      int megabytes = config.maxSizeMegabytes() > 0 ? config.maxSizeMegabytes() : DEFAULT_MAX_SIZE_MEGABYTES;
      RotatingFileWriter file = new RotatingFileWriter(
          Path.of(path), megabytes * 1024L * 1024L, config.maxBackups(), config.maxAgeDays(), clock);
      sink = LogBackend.file(file);
    }
    LogBackend backend = new LogBackend(sink, config.format());
    resources.add(backend);
    LOG.info("audit events go to {}", path.equals("-") ? "standard output" : path);
    return Optional.of(new AuditFilter(policy, backend, vertx, clock));
  }
}
