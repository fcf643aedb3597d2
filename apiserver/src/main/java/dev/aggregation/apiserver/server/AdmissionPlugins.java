package dev.aggregation.apiserver.server;

import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.registry.ObjectReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the admission chain from the plugins the served APIs bring, in their order, honouring
 * --enable-admission-plugins and --disable-admission-plugins. Every registered plugin is on by default; naming
 * an unknown plugin is an error, as in Kubernetes.
 */
final class AdmissionPlugins {
  private AdmissionPlugins() {}

  static AdmissionChain chain(
      List<Function<ObjectReader, List<AdmissionPlugin>>> factories, ObjectReader reader, ServerConfig.Admission flags) {
    List<AdmissionPlugin> all = new ArrayList<>();
    factories.forEach(f -> all.addAll(f.apply(reader)));
    Set<String> known = new LinkedHashSet<>();
    all.forEach(p -> known.add(p.name()));
    for (String name : concat(flags.enablePlugins(), flags.disablePlugins())) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("admission plugin \"" + name + "\" is unknown; known plugins: " + String.join(", ", known));
      }
    }
    List<AdmissionPlugin> enabled = all.stream().filter(p -> !flags.disablePlugins().contains(p.name())).toList();
    return new AdmissionChain(enabled);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
