package dev.aggregation.apiserver.admission.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Optional;

/**
 * How admission reads the cluster's namespaces: from a watched cache, and live from kube-apiserver when the
 * cache does not know a name (it may just be late).
 */
public interface NamespaceLookup {
  /** Waits (a bounded time) until the cache has its first full list; false if it has not. */
  boolean waitForReady();

  Optional<Namespace> cached(String name);

  /**
   * Reads the namespace from kube-apiserver.
   *
   * @return empty when it does not exist
   * @throws RuntimeException when kube-apiserver cannot be asked
   */
  Optional<Namespace> live(String name);

  /** The cached namespace, else the live one. */
  default Optional<Namespace> get(String name) {
    Optional<Namespace> cached = cached(name);
    return cached.isPresent() ? cached : live(name);
  }
}
