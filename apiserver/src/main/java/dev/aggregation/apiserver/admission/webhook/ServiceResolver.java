package dev.aggregation.apiserver.admission.webhook;

import io.vertx.core.net.SocketAddress;
import java.util.Optional;

/**
 * Where a webhook's service is reached. The TLS server name and host are always
 * {@code <service>.<namespace>.svc}; a resolver may give the address to connect to instead of resolving that
 * name through DNS (k8s.io/apiserver's ServiceResolver).
 */
@FunctionalInterface
public interface ServiceResolver {
  /** Cluster DNS: connect to {@code <service>.<namespace>.svc} itself. */
  ServiceResolver DNS = (namespace, name, port) -> Optional.empty();

  Optional<SocketAddress> resolve(String namespace, String name, int port);
}
