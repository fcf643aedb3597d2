package dev.aggregation.apiserver.apis.wardle.v1alpha1;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiException;
import org.junit.jupiter.api.Test;

class FlunderV1alpha1Test {
  private final FlunderV1alpha1 version = new FlunderV1alpha1();

  private ObjectNode defaulted(String json) {
    ObjectNode object = tree(json);
    version.applyDefaults(object);
    return object;
  }

  @Test
  void defaultsReferenceTypeToFlunderWhenReferenceIsSet() {
    assertThat(defaulted("{'spec':{'reference':'a'}}")).isEqualTo(tree("{'spec':{'reference':'a','referenceType':'Flunder'}}"));
  }

  @Test
  void defaultsEmptyOrNullReferenceTypeToFlunderWhenReferenceIsSet() {
    assertThat(defaulted("{'spec':{'reference':'a','referenceType':''}}").at("/spec/referenceType").asText())
        .isEqualTo("Flunder");
    assertThat(defaulted("{'spec':{'reference':'a','referenceType':null}}").at("/spec/referenceType").asText())
        .isEqualTo("Flunder");
  }

  @Test
  void leavesReferenceTypeUnsetWithoutReference() {
    assertThat(defaulted("{'spec':{}}")).isEqualTo(tree("{'spec':{}}"));
    assertThat(defaulted("{'spec':{'reference':''}}")).isEqualTo(tree("{'spec':{'reference':''}}"));
    assertThat(defaulted("{}")).isEqualTo(tree("{}"));
  }

  @Test
  void keepsAnExplicitReferenceType() {
    assertThat(defaulted("{'spec':{'reference':'a','referenceType':'Fischer'}}").at("/spec/referenceType").asText())
        .isEqualTo("Fischer");
  }

  @Test
  void convertsAFlunderReferenceToTheHubFlunderReference() {
    ObjectNode hub = version.toHub(tree("{'spec':{'reference':'a','referenceType':'Flunder'}}"));
    assertThat(hub).isEqualTo(tree("{'spec':{'flunderReference':'a','referenceType':'Flunder'},'status':{}}"));
  }

  @Test
  void convertsAFischerReferenceToTheHubFischerReference() {
    ObjectNode hub = version.toHub(tree("{'spec':{'reference':'f','referenceType':'Fischer'}}"));
    assertThat(hub).isEqualTo(tree("{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void keepsAReferenceTypeWithoutReferenceSoValidationCanRequireIt() {
    ObjectNode hub = version.toHub(tree("{'spec':{'referenceType':'Fischer'}}"));
    assertThat(hub).isEqualTo(tree("{'spec':{'referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void dropsAReferenceOfAnUnknownTypeAsTheSampleConversionDoes() {
    ObjectNode hub = version.toHub(tree("{'spec':{'reference':'a','referenceType':'Other'}}"));
    assertThat(hub).isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void convertsTheHubFlunderReferenceBack() {
    ObjectNode v1alpha1 = version.fromHub(tree("{'spec':{'flunderReference':'a','referenceType':'Flunder'},'status':{}}"));
    assertThat(v1alpha1).isEqualTo(tree("{'spec':{'reference':'a','referenceType':'Flunder'},'status':{}}"));
  }

  @Test
  void convertsTheHubFischerReferenceBack() {
    ObjectNode v1alpha1 = version.fromHub(tree("{'spec':{'fischerReference':'f','referenceType':'Fischer'},'status':{}}"));
    assertThat(v1alpha1).isEqualTo(tree("{'spec':{'reference':'f','referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void emitsTheReferenceTypeEvenWhenItsReferenceIsEmpty() {
    ObjectNode v1alpha1 = version.fromHub(tree("{'spec':{'referenceType':'Fischer'},'status':{}}"));
    assertThat(v1alpha1).isEqualTo(tree("{'spec':{'referenceType':'Fischer'},'status':{}}"));
  }

  @Test
  void alwaysEmitsSpecAndStatusAsGoDoesForStructFields() {
    assertThat(version.fromHub(tree("{}"))).isEqualTo(tree("{'spec':{},'status':{}}"));
    assertThat(version.toHub(tree("{}"))).isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void carriesMetadataAndDropsFieldsTheVersionDoesNotHave() {
    ObjectNode hub =
        version.toHub(
            tree("{'metadata':{'name':'n','labels':{'a':'b'}},'extra':1,'spec':{'reference':'a','referenceType':'Flunder','x':2},'status':{'y':3}}"));
    assertThat(hub)
        .isEqualTo(tree("{'metadata':{'name':'n','labels':{'a':'b'}},'spec':{'flunderReference':'a','referenceType':'Flunder'},'status':{}}"));
  }

  @Test
  void treatsNullFieldsAsUnset() {
    assertThat(version.toHub(tree("{'spec':null,'status':null}"))).isEqualTo(tree("{'spec':{},'status':{}}"));
  }

  @Test
  void rejectsANonStringReferenceWithTheGoDecodeMessage() {
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'spec':{'reference':5,'referenceType':'Flunder'}}")));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("BadRequest");
    assertThat(e.getMessage())
        .isEqualTo(
            "Flunder in version \"v1alpha1\" cannot be handled as a Flunder: json: cannot unmarshal number into Go struct"
                + " field FlunderSpec.spec.reference of type string");
  }

  @Test
  void rejectsANonStringReferenceTypeWithItsGoType() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'spec':{'referenceType':true}}")));
    assertThat(e.getMessage())
        .endsWith("json: cannot unmarshal bool into Go struct field FlunderSpec.spec.referenceType of type v1alpha1.ReferenceType");
  }

  @Test
  void rejectsASpecThatIsNotAnObject() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'spec':'a'}")));
    assertThat(e.getMessage())
        .endsWith("json: cannot unmarshal string into Go struct field Flunder.spec of type v1alpha1.FlunderSpec");
  }

  @Test
  void rejectsAStatusThatIsNotAnObject() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'status':[]}")));
    assertThat(e.getMessage())
        .endsWith("json: cannot unmarshal array into Go struct field Flunder.status of type v1alpha1.FlunderStatus");
  }
}
