package dev.aggregation.operator.dependent;

import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ServedVersion;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One APIService per served version, registering the Service with kube-apiserver's aggregator. A bulk dependent:
 * the APIService of a version taken out of the ApiServer is deleted, so that no stale APIService breaks discovery.
 * The caBundle is the trusted bundle of the certificate Secret, which holds the old and the new CA during a
 * rotation.
 */
@KubernetesDependent(
    informer = @Informer(labelSelector = ChildLabels.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
public class ApiServicesDependent extends ForeignChild<APIService>
    implements CRUDKubernetesBulkDependentResource<APIService, ApiServer>,
        KubernetesBulkDependentResource<APIService, ApiServer> {

  public ApiServicesDependent() {
    super(APIService.class);
  }

  @Override
  public Map<ResourceID, APIService> desiredResources(ApiServer apiServer, Context<ApiServer> context) {
    String caBundle = caBundle(apiServer, context);
    Map<ResourceID, APIService> desired = new LinkedHashMap<>();
    for (ServedVersion version : apiServer.getSpec().versions()) {
      APIService apiService = DesiredStateHash.stamp(build(apiServer, version, caBundle));
      desired.put(ResourceID.fromResource(apiService), apiService);
    }
    return desired;
  }

  @Override
  protected APIService build(ApiServer apiServer, Context<ApiServer> context) {
    throw new UnsupportedOperationException("an ApiServer has one APIService per version: see desiredResources");
  }

  @Override
  protected String name(ApiServer apiServer) {
    throw new UnsupportedOperationException("an ApiServer has one APIService per version: see desiredResources");
  }

  private static APIService build(ApiServer apiServer, ServedVersion version, String caBundle) {
    var spec = apiServer.getSpec();
    return new APIServiceBuilder()
        .withNewMetadata()
        .withName(Names.apiService(version.name(), spec.group()))
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withNewSpec()
        .withGroup(spec.group())
        .withVersion(version.name())
        .withGroupPriorityMinimum(Defaults.groupPriorityMinimum(spec))
        .withVersionPriority(Defaults.versionPriority(version))
        .withCaBundle(caBundle)
        .withNewService()
        .withName(Names.service(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withPort(ServiceDependent.PORT)
        .endService()
        .endSpec()
        .build();
  }

  /** The trusted CAs (base64 PEM) from the certificate Secret as it is in the cluster now. */
  private static String caBundle(ApiServer apiServer, Context<ApiServer> context) {
    Secret secret =
        context
            .getSecondaryResource(Secret.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no certificate Secret " + Names.certificateSecret(apiServer) + " to take the caBundle from"));
    String bundle = secret.getData() == null ? null : secret.getData().get(CertificateSecretData.CA_BUNDLE);
    if (bundle == null) {
      throw new IllegalStateException(
          "certificate Secret " + Names.certificateSecret(apiServer) + " has no " + CertificateSecretData.CA_BUNDLE);
    }
    return bundle;
  }
}
