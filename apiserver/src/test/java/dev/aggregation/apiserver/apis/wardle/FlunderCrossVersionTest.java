package dev.aggregation.apiserver.apis.wardle;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.v1alpha1.FlunderV1alpha1;
import dev.aggregation.apiserver.apis.wardle.v1beta1.FlunderV1beta1;
import org.junit.jupiter.api.Test;

/** A Flunder written in one version and read in the other, through the hub, as the engine does. */
class FlunderCrossVersionTest {
  private final FlunderV1alpha1 v1alpha1 = new FlunderV1alpha1();
  private final FlunderV1beta1 v1beta1 = new FlunderV1beta1();

  private ObjectNode alphaToBeta(String json) {
    ObjectNode object = tree(json);
    v1alpha1.applyDefaults(object);
    return v1beta1.fromHub(v1alpha1.toHub(object));
  }

  private ObjectNode betaToAlpha(String json) {
    ObjectNode object = tree(json);
    v1beta1.applyDefaults(object);
    return v1alpha1.fromHub(v1beta1.toHub(object));
  }

  @Test
  void aV1alpha1FlunderReferenceReadsAsV1beta1FlunderReference() {
    assertThat(alphaToBeta("{'metadata':{'name':'n'},'spec':{'reference':'a'}}"))
        .isEqualTo(tree("{'metadata':{'name':'n'},'spec':{'flunderReference':'a','referenceType':'Flunder'},'status':{}}"));
  }

  @Test
  void aV1alpha1FischerReferenceReadsAsV1beta1FischerReference() {
    assertThat(alphaToBeta("{'spec':{'reference':'f','referenceType':'Fischer'}}"))
        .isEqualTo(tree("{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void aV1beta1FlunderReferenceReadsAsV1alpha1Reference() {
    assertThat(betaToAlpha("{'spec':{'flunderReference':'a','referenceType':'Flunder'}}"))
        .isEqualTo(tree("{'spec':{'reference':'a','referenceType':'Flunder'},'status':{}}"));
  }

  @Test
  void aV1beta1FischerReferenceReadsAsV1alpha1Reference() {
    assertThat(betaToAlpha("{'spec':{'fischerReference':'f','referenceType':'Fischer'}}"))
        .isEqualTo(tree("{'spec':{'reference':'f','referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void v1alpha1RoundTripsThroughTheHubUnchanged() {
    for (String json :
        new String[] {
          "{'spec':{'reference':'a','referenceType':'Flunder'},'status':{}}",
          "{'spec':{'reference':'f','referenceType':'Fischer'},'status':{}}",
          "{'spec':{},'status':{}}"
        }) {
      assertThat(v1alpha1.fromHub(v1alpha1.toHub(tree(json)))).isEqualTo(tree(json));
    }
  }

  @Test
  void v1beta1RoundTripsThroughTheHubUnchanged() {
    for (String json :
        new String[] {
          "{'spec':{'flunderReference':'a','referenceType':'Flunder'},'status':{}}",
          "{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}",
          "{'spec':{},'status':{}}"
        }) {
      assertThat(v1beta1.fromHub(v1beta1.toHub(tree(json)))).isEqualTo(tree(json));
    }
  }

  @Test
  void v1alpha1ToV1beta1AndBackIsLossless() {
    String json = "{'metadata':{'name':'n'},'spec':{'reference':'f','referenceType':'Fischer'},'status':{}}";
    ObjectNode beta = v1beta1.fromHub(v1alpha1.toHub(tree(json)));
    assertThat(v1alpha1.fromHub(v1beta1.toHub(beta))).isEqualTo(tree(json));
  }

  @Test
  void v1beta1ReferencesTheOtherTypeDoesNotHaveAreLostInV1alpha1AsInTheSample() {
    // v1alpha1 has room for one reference: the one matching referenceType is kept, the other is dropped.
    assertThat(betaToAlpha("{'spec':{'flunderReference':'a','fischerReference':'f','referenceType':'Fischer'}}"))
        .isEqualTo(tree("{'spec':{'reference':'f','referenceType':'Fischer'},'status':{}}"));
  }
}
