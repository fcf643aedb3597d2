package dev.aggregation.apiserver.storage.etcd;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd for a test class ({@code @RegisterExtension static final EtcdExtension etcd = ...}): started
 * before its first test, stopped after its last. Like {@link EtcdProcess#start}, it skips the class on a machine
 * without etcd and fails it in CI.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
  private EtcdProcess process;

  @Override
  public void beforeAll(ExtensionContext context) {
    process = EtcdProcess.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (process != null) {
      process.close();
    }
  }

  /** The running etcd, for tests that stop, kill, pause or restart it. */
  public EtcdProcess process() {
    if (process == null) {
      throw new IllegalStateException("etcd is started before the first test of the class");
    }
    return process;
  }

  public EtcdOptions options() {
    return process().options();
  }

  public URI endpoint() {
    return process().endpoint();
  }
}
