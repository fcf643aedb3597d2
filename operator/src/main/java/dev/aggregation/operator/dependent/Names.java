package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import java.util.List;

/**
 * Names of an ApiServer's children. Namespaced children are named after the ApiServer; cluster-scoped and
 * kube-system ones carry its namespace too, joined with ':' (which neither a namespace nor a name may contain, so
 * two ApiServers never collide).
 */
public final class Names {
  public static final String KUBE_SYSTEM = "kube-system";
  private static final String PREFIX = "apiserver-operator:";

  private Names() {}

  public static String deployment(ApiServer apiServer) {
    return apiServer.getMetadata().getName();
  }

  public static String service(ApiServer apiServer) {
    return apiServer.getMetadata().getName();
  }

  public static String serviceAccount(ApiServer apiServer) {
    return apiServer.getMetadata().getName();
  }

  public static String podDisruptionBudget(ApiServer apiServer) {
    return apiServer.getMetadata().getName();
  }

  public static String certificateSecret(ApiServer apiServer) {
    return apiServer.getMetadata().getName() + "-serving-cert";
  }

  public static String dataVolumeClaim(ApiServer apiServer) {
    return apiServer.getMetadata().getName() + "-data";
  }

  public static String auditPolicy(ApiServer apiServer) {
    return apiServer.getMetadata().getName() + "-audit-policy";
  }

  /** A cluster-scoped (or kube-system) child: {@code apiserver-operator:<namespace>:<name>:<role>}. */
  public static String clusterScoped(ApiServer apiServer, String role) {
    return PREFIX + apiServer.getMetadata().getNamespace() + ":" + apiServer.getMetadata().getName() + ":" + role;
  }

  public static String apiService(String version, String group) {
    return version + "." + group;
  }

  /** The DNS names a client may use for the Service; the aggregator dials {@code <svc>.<ns>.svc}. */
  public static List<String> serviceDnsNames(ApiServer apiServer) {
    String service = service(apiServer);
    String namespace = apiServer.getMetadata().getNamespace();
    return List.of(
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }
}
