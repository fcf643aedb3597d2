package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels of every child. The informers select {@value #SELECTOR} so that they never cache the cluster's other
 * ClusterRoles, bindings or APIServices; the labels stay the same across operator releases so that a new release
 * adopts what an old one made.
 */
public final class ChildLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "apiserver-operator";
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  /** The ApiServer's namespace, on children that live elsewhere (cluster-scoped or in kube-system). */
  public static final String OWNER_NAMESPACE = "aggregation.dev/apiserver-namespace";

  private ChildLabels() {}

  /** The labels the Deployment selects its pods by; never changed, as a Deployment's selector is immutable. */
  public static Map<String, String> selector(ApiServer apiServer) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, "apiserver");
    labels.put(INSTANCE, apiServer.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> of(ApiServer apiServer) {
    Map<String, String> labels = selector(apiServer);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(COMPONENT, "aggregated-apiserver");
    labels.put(OWNER_NAMESPACE, apiServer.getMetadata().getNamespace());
    return labels;
  }
}
