package dev.aggregation.operator.dependent;

import dev.aggregation.operator.certificates.CertificatePolicy;
import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The Secret the apiserver mounts as its certificate directory. Its desired content is computed from its current
 * content (keys are generated once and read back), so it changes only when a certificate is due: see
 * {@link dev.aggregation.operator.certificates.CertificatePlanner}. With {@code spec.certificates.secretName} it
 * holds a copy of the user's certificate instead, and the operator issues nothing.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ChildLabels.SELECTOR))
public class CertificateSecretDependent extends NamespacedChild<Secret> {
  public CertificateSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret build(ApiServer apiServer, Context<ApiServer> context) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .withLabels(ChildLabels.of(apiServer))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(CertificateSecretData.encode(content(apiServer, context)))
        .build();
  }

  private Map<String, String> content(ApiServer apiServer, Context<ApiServer> context) {
    String provided = providedSecretName(apiServer);
    if (provided != null) {
      return CertificateSecretData.servedFromProvided(readProvided(apiServer, provided, context));
    }
    ReconcileScope scope = ReconcileScope.of(context);
    Map<String, String> current =
        getSecondaryResource(apiServer, context)
            .map(secret -> CertificateSecretData.decode(secret.getData()))
            .orElse(Map.of());
    String caName =
        "apiserver-operator-ca@" + apiServer.getMetadata().getNamespace() + "/" + apiServer.getMetadata().getName();
    return scope
        .planner()
        .plan(
            current,
            Names.serviceDnsNames(apiServer),
            caName,
            CertificatePolicy.of(apiServer.getSpec().certificates()),
            scope.clock().instant());
  }

  private static Map<String, String> readProvided(ApiServer apiServer, String name, Context<ApiServer> context) {
    String namespace = apiServer.getMetadata().getNamespace();
    Secret secret = context.getClient().secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new IllegalStateException(
          "Secret " + namespace + "/" + name + " named by spec.certificates.secretName does not exist");
    }
    Map<String, String> pem = CertificateSecretData.decode(secret.getData());
    CertificateSecretData.readProvided(namespace + "/" + name, pem); // fails with the reason when unusable
    return pem;
  }

  static String providedSecretName(ApiServer apiServer) {
    var certificates = apiServer.getSpec().certificates();
    return certificates == null || certificates.secretName() == null || certificates.secretName().isBlank()
        ? null
        : certificates.secretName();
  }

  @Override
  protected String name(ApiServer apiServer) {
    return Names.certificateSecret(apiServer);
  }
}
