package dev.aggregation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Flunder, two versions: kubectl reads an object at a version other than the one it was written in. */
class KubectlConversionTest {
  @RegisterExtension static final KubectlOnServer kubectl = new KubectlOnServer();

  private static void createV1alpha1(String name, String reference, String referenceType) {
    Path manifest =
        kubectl.manifest(
            name + ".yaml",
            """
            apiVersion: wardle.example.com/v1alpha1
            kind: Flunder
            metadata:
              name: %s
            spec:
              reference: %s
              referenceType: %s
            """
                .formatted(name, reference, referenceType));
    kubectl.succeed("create", "-f", manifest.toString());
  }

  private static String spec(String resource, String name) {
    return kubectl.succeed("get", resource, name, "-o", "jsonpath={.apiVersion} {.spec}");
  }

  @Test
  void v1alpha1FischerReferenceReadsAsV1beta1FischerReference() {
    createV1alpha1("fishy", "nemo", "Fischer");

    assertThat(spec("flunders.v1beta1.wardle.example.com", "fishy"))
        .isEqualTo("wardle.example.com/v1beta1 {\"fischerReference\":\"nemo\",\"referenceType\":\"Fischer\"}");
  }

  @Test
  void v1alpha1FlunderReferenceReadsAsV1beta1FlunderReference() {
    createV1alpha1("floundering", "other", "Flunder");

    assertThat(spec("flunders.v1beta1.wardle.example.com", "floundering"))
        .isEqualTo("wardle.example.com/v1beta1 {\"flunderReference\":\"other\",\"referenceType\":\"Flunder\"}");
  }

  @Test
  void v1beta1ObjectReadsAsV1alpha1Reference() {
    Path manifest =
        kubectl.manifest(
            "beta.yaml",
            """
            apiVersion: wardle.example.com/v1beta1
            kind: Flunder
            metadata:
              name: beta
            spec:
              fischerReference: dory
              referenceType: Fischer
            """);
    kubectl.succeed("create", "-f", manifest.toString());

    assertThat(spec("flunders.v1alpha1.wardle.example.com", "beta"))
        .isEqualTo("wardle.example.com/v1alpha1 {\"reference\":\"dory\",\"referenceType\":\"Fischer\"}");
  }
}
