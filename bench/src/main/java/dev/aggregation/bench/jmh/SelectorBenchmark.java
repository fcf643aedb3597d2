package dev.aggregation.bench.jmh;

import dev.aggregation.apiserver.machinery.selection.LabelSelector;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A parsed label selector matched against an object's labels (what a list or watch does per object), against
 * the same three tests written as direct map lookups.
 */
@State(Scope.Benchmark)
public class SelectorBenchmark {
  private static final Set<String> TIERS = Set.of("frontend", "backend");
  private LabelSelector selector;
  private Map<String, String> labels;

  @Setup
  public void setUp() {
    selector = LabelSelector.parse("app=web,tier in (frontend,backend),!legacy");
    labels = Map.of("app", "web", "tier", "frontend", "team", "wardle", "pod-template-hash", "7d9f8c6b5");
  }

  @Benchmark
  public boolean selectorBaselineMapLookups() {
    return "web".equals(labels.get("app")) && TIERS.contains(labels.get("tier")) && !labels.containsKey("legacy");
  }

  @Benchmark
  public boolean selectorMatch() {
    return selector.matches(labels);
  }
}
