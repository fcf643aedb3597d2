package dev.aggregation.apiserver.apis.wardle.v1alpha1;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aggregation.apiserver.machinery.ApiException;
import org.junit.jupiter.api.Test;

class FischerV1alpha1Test {
  private final FischerV1alpha1 version = new FischerV1alpha1();

  @Test
  void keepsDisallowedFlundersAtTheTopLevelBothWays() {
    String json = "{'metadata':{'name':'f'},'disallowedFlunders':['a','b']}";
    assertThat(version.toHub(tree(json))).isEqualTo(tree(json));
    assertThat(version.fromHub(version.toHub(tree(json)))).isEqualTo(tree(json));
  }

  @Test
  void omitsAnEmptyList() {
    assertThat(version.toHub(tree("{'disallowedFlunders':[]}"))).isEqualTo(tree("{}"));
    assertThat(version.fromHub(tree("{'disallowedFlunders':[]}"))).isEqualTo(tree("{}"));
  }

  @Test
  void decodesANullElementAsTheEmptyString() {
    assertThat(version.toHub(tree("{'disallowedFlunders':['a',null]}"))).isEqualTo(tree("{'disallowedFlunders':['a','']}"));
  }

  @Test
  void dropsFieldsTheKindDoesNotHave() {
    assertThat(version.toHub(tree("{'spec':{'disallowedFlunders':['a']}}"))).isEqualTo(tree("{}"));
  }

  @Test
  void rejectsAListThatIsNotAnArray() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'disallowedFlunders':'a'}")));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "Fischer in version \"v1alpha1\" cannot be handled as a Fischer: json: cannot unmarshal string into Go struct"
                + " field Fischer.disallowedFlunders of type []string");
  }

  @Test
  void rejectsANonStringElement() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> version.toHub(tree("{'disallowedFlunders':[1]}")));
    assertThat(e.getMessage())
        .endsWith("cannot unmarshal number into Go struct field Fischer.disallowedFlunders of type string");
  }
}
