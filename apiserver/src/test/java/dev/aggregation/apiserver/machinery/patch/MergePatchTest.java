package dev.aggregation.apiserver.machinery.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import org.junit.jupiter.api.Test;

class MergePatchTest {
  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static void assertMerge(String target, String patch, String expected) {
    assertThat(MergePatch.apply(json(target), json(patch))).isEqualTo(json(expected));
  }

  @Test
  void followsTheRfc7386Examples() {
    assertMerge("{'a':'b'}", "{'a':'c'}", "{'a':'c'}");
    assertMerge("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}");
    assertMerge("{'a':'b'}", "{'a':null}", "{}");
    assertMerge("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}");
    assertMerge("{'a':['b']}", "{'a':'c'}", "{'a':'c'}");
    assertMerge("{'a':'c'}", "{'a':['b']}", "{'a':['b']}");
    assertMerge("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}");
    assertMerge("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}");
    assertMerge("{'e':null}", "{'a':1}", "{'e':null,'a':1}");
    assertMerge("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}");
  }

  @Test
  void mergesNestedMetadataWithoutTouchingOtherFields() {
    assertMerge(
        "{'metadata':{'name':'foo','labels':{'a':'1','b':'2'}},'spec':{'x':1}}",
        "{'metadata':{'labels':{'a':null,'c':'3'}}}",
        "{'metadata':{'name':'foo','labels':{'b':'2','c':'3'}},'spec':{'x':1}}");
  }

  @Test
  void prunesNullsInsideObjectsWithinArraysLikeKubernetes() {
    assertMerge("{}", "{'a':[{'b':null,'c':1},null]}", "{'a':[{'c':1},null]}");
  }

  @Test
  void doesNotModifyItsInputs() {
    JsonNode target = json("{'a':{'b':1}}");
    JsonNode patch = json("{'a':{'b':2}}");
    MergePatch.apply(target, patch);
    assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
    assertThat(patch).isEqualTo(json("{'a':{'b':2}}"));
  }

  @Test
  void rejectsANullOrScalarPatchAsKubernetesDoes() {
    for (String patch : new String[] {"null", "1", "'x'", "true"}) {
      assertThatThrownBy(() -> MergePatch.apply(json("{}"), json(patch)))
          .isInstanceOf(ApiException.class)
          .hasMessage("Invalid JSON Patch")
          .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(400));
    }
  }

  /** Found by PatchProperties: evanphx's merge is not idempotent for nulls in objects inside arrays, and neither are we. */
  @Test
  void anArrayReplacingAnObjectKeepsNullsInItsObjectsAnythingElsePrunesThem() {
    assertMerge("{'a':{}}", "{'a':[{'x':null,'y':1}]}", "{'a':[{'x':null,'y':1}]}");
    assertMerge("{'a':[]}", "{'a':[{'x':null,'y':1}]}", "{'a':[{'y':1}]}");
  }
}
