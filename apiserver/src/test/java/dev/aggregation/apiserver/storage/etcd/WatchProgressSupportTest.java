package dev.aggregation.apiserver.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which etcd versions answer a requested watch progress truthfully: kube-apiserver's thresholds. */
class WatchProgressSupportTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "3.4.23, false",
    "3.4.30, false",
    "3.4.31, true",
    "3.4.35, true",
    "3.5.0, false",
    "3.5.12, false",
    "3.5.13, true",
    "3.5.21, true",
    "3.6.0, true",
    "3.6.0-rc.1, true",
    "3.3.27, false",
    "4.0.0, true",
    "2.3.8, false",
    "not-a-version, false",
    "'', false"
  })
  void trustsProgressOnlyFromEtcdWithBothFixes(String version, boolean supported) {
    assertThat(WatchProgressSupport.versionSupports(version)).isEqualTo(supported);
  }
}
