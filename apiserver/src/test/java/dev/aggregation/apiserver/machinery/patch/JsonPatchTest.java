package dev.aggregation.apiserver.machinery.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static ApiException failure(String target, String patch) {
    return catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(json(target), json(patch)));
  }

  @Test
  void appliesOperationsInOrder() {
    JsonNode result =
        JsonPatch.apply(
            json("{'metadata':{'labels':{'a':'1'}},'spec':{'list':[1,2]}}"),
            json(
                "[{'op':'test','path':'/metadata/labels/a','value':'1'},"
                    + "{'op':'add','path':'/metadata/labels/b','value':'2'},"
                    + "{'op':'remove','path':'/metadata/labels/a'},"
                    + "{'op':'add','path':'/spec/list/-','value':3},"
                    + "{'op':'replace','path':'/spec/list/0','value':0}]"));
    assertThat(result).isEqualTo(json("{'metadata':{'labels':{'b':'2'}},'spec':{'list':[0,2,3]}}"));
  }

  @Test
  void leavesTheTargetUntouched() {
    JsonNode target = json("{'a':1}");
    JsonPatch.apply(target, json("[{'op':'replace','path':'/a','value':2}]"));
    assertThat(target).isEqualTo(json("{'a':1}"));
  }

  @Test
  void treatsANullPatchAsEmpty() {
    assertThat(JsonPatch.apply(json("{'a':1}"), json("null"))).isEqualTo(json("{'a':1}"));
  }

  @Test
  void rejectsANonArrayBodyWithBadRequest() {
    ApiException e = failure("{}", "{'op':'add'}");
    assertThat(e.code()).isEqualTo(400);
    assertThat(e).hasMessage("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    assertThat(failure("{}", "[1]"))
        .hasMessage("json: cannot unmarshal number into Go value of type jsonpatch.Operation");
  }

  @Test
  void rejectsMoreThanTenThousandOperationsAsTooLarge() {
    String op = "{'op':'test','path':'/a','value':1}";
    String patch = "[" + (op + ",").repeat(JsonPatch.MAX_OPERATIONS) + op + "]";
    ApiException e = failure("{'a':1}", patch);
    assertThat(e.code()).isEqualTo(413);
    assertThat(e.reason()).isEqualTo("RequestEntityTooLarge");
    assertThat(e)
        .hasMessage("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
  }

  @Test
  void acceptsExactlyTenThousandOperations() {
    String op = "{'op':'test','path':'/a','value':1}";
    String patch = "[" + (op + ",").repeat(JsonPatch.MAX_OPERATIONS - 1) + op + "]";
    assertThat(JsonPatch.apply(json("{'a':1}"), json(patch))).isEqualTo(json("{'a':1}"));
  }

  @Test
  void answersAFailedTestWithTheGenericUnprocessableEntity() {
    ApiException e = failure("{'a':1}", "[{'op':'test','path':'/a','value':2}]");
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e).hasMessage("the server rejected our request due to an error in our request");
    assertThat(e.status().getDetails().getCauses())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("UnexpectedServerResponse");
              assertThat(c.getMessage()).isEqualTo("testing value /a failed: test failed");
            });
  }

  @Test
  void answersAMissingPathWithUnprocessableEntity() {
    assertThat(failure("{'a':1}", "[{'op':'replace','path':'/b','value':2}]").code()).isEqualTo(422);
    assertThat(failure("{'a':1}", "[{'op':'remove','path':'/b'}]").code()).isEqualTo(422);
    assertThat(failure("{'a':[1]}", "[{'op':'add','path':'/a/5','value':2}]").code()).isEqualTo(422);
  }

  @Test
  void answersAnUnknownOperationWithUnprocessableEntity() {
    ApiException e = failure("{'a':1}", "[{'op':'frobnicate','path':'/a'}]");
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getDetails().getCauses().get(0).getMessage()).isNotBlank();
  }

  /** Found by PatchProperties: zjsonpatch's IllegalStateException escaped as a 500. */
  @Test
  void aMemberOperationOnAnArrayIsUnprocessable() {
    ApiException error = failure("[]", "[{'op':'add','path':'/','value':''}]");
    assertThat(error.status().getCode()).isEqualTo(422);
    ApiException afterReplacingTheRoot =
        failure("{'a':1}", "[{'op':'replace','path':'','value':[]},{'op':'add','path':'/x','value':1}]");
    assertThat(afterReplacingTheRoot.status().getCode()).isEqualTo(422);
  }
}
