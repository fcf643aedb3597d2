package dev.aggregation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

/** What a user does with flunders through the aggregator with kubectl, and what each step must print. */
final class FlunderJourney {
  private FlunderJourney() {}

  /** @param version a served version of wardle.example.com, the one the manifest is written in */
  static void run(Kubectl kubectl, String version, String name) {
    try (Kubectl.Background watch = kubectl.start("get", "flunders.wardle.example.com", "--watch", "-o", "name")) {
      Path manifest = kubectl.manifest(name + ".yaml", """
          apiVersion: wardle.example.com/%s
          kind: Flunder
          metadata:
            name: %s
          spec: {}
          """.formatted(version, name));
      assertThat(kubectl.succeed("create", "-f", manifest.toString()))
          .isEqualTo("flunder.wardle.example.com/" + name + " created\n");

      assertThat(kubectl.succeed("get", "flunders", "-o", "name")).contains("flunder.wardle.example.com/" + name);
      assertThat(kubectl.succeed("get", "flunder", name, "-o", "jsonpath={.metadata.name} {.apiVersion}"))
          .isEqualTo(name + " wardle.example.com/" + version);
      await("the watch sees the flunder").atMost(Duration.ofSeconds(30))
          .until(() -> watch.stdoutSoFar().contains("flunder.wardle.example.com/" + name));

      assertThat(kubectl.succeed("delete", "flunder", name))
          .isEqualTo("flunder.wardle.example.com \"" + name + "\" deleted\n");
      Kubectl.Result gone = kubectl.run("get", "flunder", name);
      assertThat(gone.exitCode()).as(gone.describe()).isOne();
      assertThat(gone.stderr()).contains("flunders.wardle.example.com \"" + name + "\" not found");
    }
  }
}
