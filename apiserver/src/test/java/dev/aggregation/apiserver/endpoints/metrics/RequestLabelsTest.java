package dev.aggregation.apiserver.endpoints.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLabelsTest {
  private static RequestLabels labels(String verb, String resource, String scope) {
    return new RequestLabels(verb, "wardle.example.com", "v1beta1", resource, "", scope, RequestLabels.COMPONENT);
  }

  @Test
  void labelsOfTheSameSeriesAreEqualWithTheSameHash() {
    // distinct string instances, as two requests parse their own
    RequestLabels one = labels("GET", "flunders", "resource");
    RequestLabels other = labels(new String("GET"), new String("flunders"), new String("resource"));

    assertThat(other).isEqualTo(one).hasSameHashCodeAs(one);
  }

  @Test
  void everyComponentTellsSeriesApart() {
    RequestLabels base = labels("GET", "flunders", "resource");

    assertThat(labels("LIST", "flunders", "resource")).isNotEqualTo(base);
    assertThat(labels("GET", "fischers", "resource")).isNotEqualTo(base);
    assertThat(labels("GET", "flunders", "namespace")).isNotEqualTo(base);
    assertThat(new RequestLabels("GET", "other.example.com", "v1beta1", "flunders", "", "resource", RequestLabels.COMPONENT)).isNotEqualTo(base);
    assertThat(new RequestLabels("GET", "wardle.example.com", "v1", "flunders", "", "resource", RequestLabels.COMPONENT)).isNotEqualTo(base);
    assertThat(new RequestLabels("GET", "wardle.example.com", "v1beta1", "flunders", "status", "resource", RequestLabels.COMPONENT)).isNotEqualTo(base);
    assertThat(new RequestLabels("GET", "wardle.example.com", "v1beta1", "flunders", "", "resource", "")).isNotEqualTo(base);
  }
}
