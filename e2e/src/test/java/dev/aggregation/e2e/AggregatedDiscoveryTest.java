package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatedDiscoveryTest {
  @Test
  void ordersVersionsAsKubernetesDoes() {
    List<String> versions = new ArrayList<>(List.of("v1alpha1", "foo", "v2beta1", "v10", "v1beta2", "v1", "v11alpha2", "bar"));

    versions.sort(AggregatedDiscovery::compareVersions);

    assertThat(versions).containsExactly("v10", "v1", "v2beta1", "v1beta2", "v11alpha2", "v1alpha1", "bar", "foo");
  }
}
