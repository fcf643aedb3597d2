package dev.aggregation.e2e;

import java.util.List;
import java.util.Map;

/** A user as kube-apiserver's authenticators see it: what the aggregator forwards in X-Remote-* headers. */
record Identity(String name, List<String> groups, Map<String, List<String>> extra) {
  Identity {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  static Identity of(String name, String... groups) {
    return new Identity(name, List.of(groups), Map.of());
  }

  /** kube-aggregator's own identity for availability checks (available_controller sets system:masters). */
  static final Identity AGGREGATOR = of("system:kube-aggregator", "system:masters");
}
