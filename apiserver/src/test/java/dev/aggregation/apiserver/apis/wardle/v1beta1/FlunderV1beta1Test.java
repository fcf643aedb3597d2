package dev.aggregation.apiserver.apis.wardle.v1beta1;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiException;
import org.junit.jupiter.api.Test;

class FlunderV1beta1Test {
  private final FlunderV1beta1 version = new FlunderV1beta1();

  @Test
  void copiesAllThreeSpecFieldsToTheHub() {
    ObjectNode hub =
        version.toHub(tree("{'metadata':{'name':'n'},'spec':{'flunderReference':'a','fischerReference':'f','referenceType':'X'}}"));
    assertThat(hub)
        .isEqualTo(tree("{'metadata':{'name':'n'},'spec':{'flunderReference':'a','fischerReference':'f','referenceType':'X'},'status':{}}"));
  }

  @Test
  void copiesTheHubBackOmittingEmptyFields() {
    ObjectNode v1beta1 = version.fromHub(tree("{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}"));
    assertThat(v1beta1).isEqualTo(tree("{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}"));
    assertThat(version.toHub(tree("{'spec':{'flunderReference':'','referenceType':''}}")))
        .isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void appliesNoDefaults() {
    ObjectNode object = tree("{'spec':{'flunderReference':'a'}}");
    version.applyDefaults(object);
    assertThat(object).isEqualTo(tree("{'spec':{'flunderReference':'a'}}"));
  }

  @Test
  void alwaysEmitsSpecAndStatus() {
    assertThat(version.fromHub(tree("{}"))).isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void dropsFieldsTheVersionDoesNotHave() {
    assertThat(version.toHub(tree("{'spec':{'reference':'a'},'other':1}"))).isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void rejectsANonStringFischerReferenceWithTheGoDecodeMessage() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'spec':{'fischerReference':{}}}")));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "Flunder in version \"v1beta1\" cannot be handled as a Flunder: json: cannot unmarshal object into Go struct"
                + " field FlunderSpec.spec.fischerReference of type string");
  }

  @Test
  void rejectsANonStringReferenceTypeWithItsGoType() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'spec':{'referenceType':1}}")));
    assertThat(e.getMessage())
        .endsWith("cannot unmarshal number into Go struct field FlunderSpec.spec.referenceType of type v1beta1.ReferenceType");
  }
}
