package dev.aggregation.apiserver.apis.wardle;

import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.apis.wardle.admission.BanFlunder;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ObjectReader;
import java.util.List;

/**
 * The reference API {@code wardle.example.com}, the API of Kubernetes' sample-apiserver: Flunder (namespaced,
 * v1beta1 and v1alpha1) and Fischer (cluster-scoped, v1alpha1), v1beta1 preferred, both stored as v1alpha1.
 */
public final class WardleApi {
  public static final String GROUP = "wardle.example.com";

  /** The sample's scheme.SetVersionPriority(v1beta1, v1alpha1). */
  public static final List<String> VERSIONS_BY_PREFERENCE = List.of("v1beta1", "v1alpha1");

  private WardleApi() {}

  public static ApiGroup group() {
    return new ApiGroup(GROUP, VERSIONS_BY_PREFERENCE, List.of(new FlunderStrategy(), new FischerStrategy()));
  }

  /** The admission plugins the sample registers for this group: BanFlunder, reading Fischers through {@code reader}. */
  public static List<AdmissionPlugin> admissionPlugins(ObjectReader reader) {
    return List.of(new BanFlunder(reader));
  }
}
