package dev.aggregation.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's shutdown hook (SIGTERM from the kubelet): stop reconciling and let reconciliations in flight finish
 * (JOSDK waits up to its termination timeout, and gives up the Lease), then stop serving probes and metrics, then
 * close the client. Probes answer until the operator has stopped, so the kubelet does not restart a pod that is
 * only stopping.
 */
public final class GracefulShutdown implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final Operator operator;
  private final OperatorHttpServer http;
  private final OperatorMetrics metrics;
  private final KubernetesClient client;

  public GracefulShutdown(Operator operator, OperatorHttpServer http, OperatorMetrics metrics, KubernetesClient client) {
    this.operator = operator;
    this.http = http;
    this.metrics = metrics;
    this.client = client;
  }

  @Override
  public void run() {
    LOG.info("stopping apiserver-operator");
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.warn("the operator did not stop cleanly", e);
    } finally {
      http.close();
      metrics.close();
      client.close();
    }
    LOG.info("apiserver-operator stopped");
  }
}
