package dev.aggregation.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommittedCrdTest {
  @Test
  void committedCrdEqualsTheOneGeneratedFromTheJavaTypes() throws Exception {
    String generated = Files.readString(Path.of(System.getProperty("generated.crd")));
    String committed = Files.readString(Path.of(System.getProperty("committed.crd")));
    assertThat(committed)
        .as("config/crd/bases is stale: run `make crd` and commit the result")
        .isEqualTo(generated);
  }
}
