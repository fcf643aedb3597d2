package dev.aggregation.apiserver.endpoints.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageVersionHashTest {
  @Test
  void matchesWhatSampleApiserverPublishesForFlunder() {
    assertThat(StorageVersionHash.of("wardle.example.com", "v1alpha1", "Flunder")).isEqualTo("UHqNx5H3K7A=");
  }

  @Test
  void matchesWhatSampleApiserverPublishesForFischer() {
    assertThat(StorageVersionHash.of("wardle.example.com", "v1alpha1", "Fischer")).isEqualTo("YS5qRiSxzNM=");
  }
}
