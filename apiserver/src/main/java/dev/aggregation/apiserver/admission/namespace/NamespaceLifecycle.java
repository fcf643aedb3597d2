package dev.aggregation.apiserver.admission.namespace;

import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionErrors;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GroupResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * k8s.io/apiserver's NamespaceLifecycle admission plugin (mutating phase, as in Kubernetes): no object may be
 * created or updated in a namespace that does not exist (404 {@code namespaces "x" not found}, after a short
 * wait and a live read when the cache does not know it), and nothing may be created in a namespace that is
 * being terminated (403 with cause NamespaceTerminating). Deletes and cluster-scoped objects are always let
 * through. The aggregated server serves no Namespace kind, so Kubernetes' rules about deleting namespaces do not
 * apply here.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {
  public static final String NAME = "NamespaceLifecycle";
  static final GroupResource NAMESPACES = new GroupResource("", "namespaces");
  /** Kubernetes' missingNamespaceWait: time for a watch to deliver a namespace created a moment ago. */
  static final Duration MISSING_NAMESPACE_WAIT = Duration.ofMillis(50);

  private final NamespaceLookup namespaces;

  public NamespaceLifecycle(NamespaceLookup namespaces) {
    this.namespaces = Objects.requireNonNull(namespaces);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean handles(AdmissionAttributes attributes) {
    return !attributes.namespace().isEmpty()
        && (attributes.operation() == Operation.CREATE || attributes.operation() == Operation.UPDATE);
  }

  @Override
  public void admit(AdmissionAttributes attributes) {
    if (!namespaces.waitForReady()) {
      throw AdmissionErrors.forbidden(attributes, "not yet ready to handle request");
    }
    String name = attributes.namespace();
    Optional<Namespace> namespace = namespaces.cached(name);
    if (namespace.isEmpty() && attributes.operation() == Operation.CREATE) {
      pause();
      namespace = namespaces.cached(name);
    }
    if (namespace.isEmpty()) {
      try {
        namespace = namespaces.live(name);
      } catch (RuntimeException e) {
        throw ApiErrors.internal(e);
      }
      if (namespace.isEmpty()) {
        throw ApiErrors.notFound(NAMESPACES, name);
      }
    }
    if (attributes.operation() == Operation.CREATE && terminating(namespace.get())) {
      throw terminating(attributes);
    }
  }

  private static boolean terminating(Namespace namespace) {
    return namespace.getStatus() != null && "Terminating".equals(namespace.getStatus().getPhase());
  }

  private static ApiException terminating(AdmissionAttributes attributes) {
    String ns = attributes.namespace();
    ApiException error =
        AdmissionErrors.forbidden(attributes, "unable to create new content in namespace " + ns + " because it is being terminated");
    StatusDetails details = error.status().getDetails();
    List<StatusCause> causes = new ArrayList<>(details.getCauses() == null ? List.of() : details.getCauses());
    causes.add(new StatusCause("metadata.namespace", "namespace " + ns + " is being terminated", "NamespaceTerminating"));
    details.setCauses(causes);
    return error;
  }

  private static void pause() {
    try {
      Thread.sleep(MISSING_NAMESPACE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiErrors.internal(e);
    }
  }
}
