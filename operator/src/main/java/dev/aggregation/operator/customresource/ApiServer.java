package dev.aggregation.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An aggregated API server the operator deploys: one {@code kubectl apply} of this object and kube-apiserver
 * serves {@code spec.group} at every version of {@code spec.versions}.
 */
@Group(ApiServer.GROUP)
@Version(ApiServer.VERSION)
@Kind("ApiServer")
@Plural("apiservers")
@Singular("apiserver")
@ShortNames("apisrv")
@AdditionalPrinterColumn(name = "Group", jsonPath = ".spec.group", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Versions", jsonPath = ".spec.versions[*].name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Cert Expiry", jsonPath = ".status.certificate.notAfter", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ApiServer extends CustomResource<ApiServerSpec, ApiServerStatus> implements Namespaced {
  public static final String GROUP = "aggregation.dev";
  public static final String VERSION = "v1alpha1";
}
