package dev.aggregation.apiserver.authn;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live copy of {@code kube-system/extension-apiserver-authentication}: read once at startup, then watched
 * (an informer on that one name, resync 12 h), and swapped atomically on every add, update and delete, so that
 * a rotated client CA or front-proxy CA applies to the next request without a restart. A deleted ConfigMap
 * leaves nothing trusted, as in Kubernetes.
 */
public final class ExtensionApiserverAuthentication implements AutoCloseable {
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "extension-apiserver-authentication";
  public static final String READER_ROLE = "extension-apiserver-authentication-reader";

  private static final Logger LOG = LoggerFactory.getLogger(ExtensionApiserverAuthentication.class);
  private static final Duration RESYNC = Duration.ofHours(12);

  private final AtomicReference<ClusterAuthenticationInfo> current;
  private final SharedIndexInformer<ConfigMap> informer;

  private ExtensionApiserverAuthentication(
      AtomicReference<ClusterAuthenticationInfo> current, SharedIndexInformer<ConfigMap> informer) {
    this.current = current;
    this.informer = informer;
  }

  /**
   * Reads the ConfigMap (blocking) and starts watching it. A missing ConfigMap is an empty configuration.
   *
   * @param tolerateLookupFailure {@code --authentication-tolerate-lookup-failure}: go on without the cluster's
   *     configuration (the watch keeps trying) instead of failing
   * @throws IllegalStateException when the lookup fails and failures are not tolerated
   */
  public static ExtensionApiserverAuthentication start(KubernetesClient client, boolean tolerateLookupFailure) {
    AtomicReference<ClusterAuthenticationInfo> current = new AtomicReference<>(ClusterAuthenticationInfo.NONE);
    try {
      ConfigMap configMap = client.configMaps().inNamespace(NAMESPACE).withName(NAME).get();
      if (configMap == null) {
        LOG.warn("configmap/{} in {} does not exist: client certificate and request-header authentication won't work", NAME, NAMESPACE);
      } else {
        current.set(read(configMap, ClusterAuthenticationInfo.NONE));
        warnAboutMissingKeys(configMap);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        LOG.warn(
            "Unable to get configmap/{} in {}.  Usually fixed by 'kubectl create rolebinding -n {} ROLEBINDING_NAME --role={} --serviceaccount=YOUR_NS:YOUR_SA'",
            NAME, NAMESPACE, NAMESPACE, READER_ROLE);
      }
      String message = "unable to load configmap based request-header-client-ca-file: " + describe(e);
      if (!tolerateLookupFailure) {
        throw new IllegalStateException(message, e);
      }
      LOG.warn("Error looking up in-cluster authentication configuration: {}", message);
      LOG.warn("Continuing without authentication configuration. This may treat all requests as anonymous.");
      LOG.warn("To require authentication configuration lookup to succeed, set --authentication-tolerate-lookup-failure=false");
    }
    SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withField("metadata.name", NAME)
            .runnableInformer(RESYNC.toMillis());
    informer.addEventHandler(new Swapper(current));
    // Keep watching through errors (missing RBAC, an unreachable kube-apiserver): the informer retries.
    informer.exceptionHandler((started, failure) -> {
      LOG.warn("watching configmap/{} in {} failed, retrying: {}", NAME, NAMESPACE, failure.getMessage());
      return true;
    });
    informer.start();
    return new ExtensionApiserverAuthentication(current, informer);
  }

  /** The configuration as last observed. */
  public ClusterAuthenticationInfo current() {
    return current.get();
  }

  @Override
  public void close() {
    informer.close();
  }

  private static ClusterAuthenticationInfo read(ConfigMap configMap, ClusterAuthenticationInfo previous) {
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    return ClusterAuthenticationInfo.read(
        data,
        previous,
        problem -> LOG.error("configmap/{} in {}: {}; keeping the previous value", NAME, NAMESPACE, problem));
  }

  private static void warnAboutMissingKeys(ConfigMap configMap) {
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    if (!data.containsKey(ClusterAuthenticationInfo.CLIENT_CA)) {
      LOG.warn("Cluster doesn't provide client-ca-file in configmap/{} in {}, so client certificate authentication won't work.", NAME, NAMESPACE);
    }
    if (!data.containsKey(ClusterAuthenticationInfo.REQUESTHEADER_CA)) {
      LOG.warn("Cluster doesn't provide requestheader-client-ca-file in configmap/{} in {}, so request-header client certificate authentication won't work.", NAME, NAMESPACE);
    }
  }

  private static String describe(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }

  /** Re-reads the ConfigMap on every event; the field selector makes it the only one the informer sees. */
  private record Swapper(AtomicReference<ClusterAuthenticationInfo> current) implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap configMap) {
      swap(configMap);
    }

    @Override
    public void onUpdate(ConfigMap oldConfigMap, ConfigMap newConfigMap) {
      swap(newConfigMap);
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean deletedFinalStateUnknown) {
      current.set(ClusterAuthenticationInfo.NONE);
      LOG.info("configmap/{} in {} was deleted: no client CA and no front proxy are trusted any more", NAME, NAMESPACE);
    }

    private void swap(ConfigMap configMap) {
      ClusterAuthenticationInfo next = current.updateAndGet(previous -> read(configMap, previous));
      LOG.info(
          "loaded configmap/{} in {} (resourceVersion {}): {} client CA(s), {} requestheader CA(s)",
          NAME, NAMESPACE, configMap.getMetadata().getResourceVersion(), next.clientCas().size(), next.requestHeaderCas().size());
    }
  }
}
