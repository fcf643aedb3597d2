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
    return chain(factories, reader, flags, Set.of());
  }

  /**
   * {@code alsoKnown} names plugins the flags may name although this server did not register them (the
   * cluster-reading plugins of a standalone server): naming them is not an error.
   */
  static AdmissionChain chain(
      List<Function<ObjectReader, List<AdmissionPlugin>>> factories,
      ObjectReader reader,
      ServerConfig.Admission flags,
      Set<String> alsoKnown) {
    List<AdmissionPlugin> all = new ArrayList<>();
    factories.forEach(f -> all.addAll(f.apply(reader)));
    Set<String> known = new LinkedHashSet<>();
    all.forEach(p -> known.add(p.name()));
    known.addAll(alsoKnown);
    List<String> errors = new ArrayList<>();
    flags.enablePlugins().stream().filter(n -> !known.contains(n))
        .forEach(n -> errors.add("enable-admission-plugins plugin \"" + n + "\" is unknown"));
    flags.disablePlugins().stream().filter(n -> !known.contains(n))
        .forEach(n -> errors.add("disable-admission-plugins plugin \"" + n + "\" is unknown"));
    List<String> overlap = flags.enablePlugins().stream().filter(flags.disablePlugins()::contains).distinct().sorted().toList();
    if (!overlap.isEmpty()) {
      errors.add("[" + String.join(" ", overlap) + "] in enable-admission-plugins and disable-admission-plugins overlapped");
    }
    if (!errors.isEmpty()) {
      // the messages of AdmissionOptions.Validate, aggregated as utilerrors prints them
      throw new IllegalArgumentException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }
    List<AdmissionPlugin> enabled = all.stream().filter(p -> !flags.disablePlugins().contains(p.name())).toList();
    return new AdmissionChain(enabled);
  }
}
