package dev.aggregation.apiserver.admission;

import java.util.List;

/**
 * The enabled admission plugins in their order: every mutating phase runs before any validating one, as in
 * Kubernetes. A plugin rejects by throwing.
 */
public final class AdmissionChain {
  private final List<AdmissionPlugin> plugins;

  public AdmissionChain(List<AdmissionPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  public static AdmissionChain empty() {
    return new AdmissionChain(List.of());
  }

  public void admit(AdmissionAttributes attributes) {
    for (AdmissionPlugin plugin : plugins) {
      if (plugin.handles(attributes)) {
        plugin.admit(attributes);
      }
    }
  }

  public void validate(AdmissionAttributes attributes) {
    for (AdmissionPlugin plugin : plugins) {
      if (plugin.handles(attributes)) {
        plugin.validate(attributes);
      }
    }
  }

  public List<String> names() {
    return plugins.stream().map(AdmissionPlugin::name).toList();
  }
}
