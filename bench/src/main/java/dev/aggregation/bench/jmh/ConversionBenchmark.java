package dev.aggregation.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A v1alpha1 Flunder to the hub and out as v1beta1, against the two deep copies that any conversion makes. */
@State(Scope.Benchmark)
public class ConversionBenchmark {
  private ResourceStrategy strategy;
  private VersionDefinition v1alpha1;
  private VersionDefinition v1beta1;
  private ObjectNode alpha;

  @Setup
  public void setUp() {
    strategy = Fixtures.flunders();
    v1alpha1 = Fixtures.version(strategy, "v1alpha1");
    v1beta1 = Fixtures.version(strategy, "v1beta1");
    alpha = Fixtures.flunderTree("wardle.example.com/v1alpha1", "bench");
  }

  @Benchmark
  public ObjectNode conversionBaselineTwoDeepCopies() {
    return alpha.deepCopy().deepCopy();
  }

  @Benchmark
  public ObjectNode convertV1alpha1ToHubToV1beta1() {
    return Conversions.fromHub(strategy, v1beta1, Conversions.toHub(strategy, v1alpha1, alpha));
  }
}
