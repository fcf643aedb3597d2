package dev.aggregation.apiserver.registry.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FieldManagerTest {
  private static final String V1 = "wardle.example.com/v1alpha1";
  private static final Instant T1 = Instant.parse("2024-05-01T10:00:00.734Z");
  private static final Instant T2 = Instant.parse("2024-05-01T10:05:00Z");
  private static final Instant T3 = Instant.parse("2024-05-01T10:09:00Z");

  private static final ObjectNode SCHEMA =
      json(
          "{'type':'object','properties':{'spec':{'type':'object','properties':{"
              + "'replicas':{'type':'integer'},'a':{'type':'string'},'b':{'type':'string'},"
              + "'args':{'type':'array','items':{'type':'string'}},"
              + "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}},"
              + "'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['port','protocol'],"
              + "'items':{'type':'object','properties':{'port':{'type':'integer'},'protocol':{'type':'string'},"
              + "'name':{'type':'string'}}}},"
              + "'selector':{'type':'object','x-kubernetes-map-type':'atomic','additionalProperties':{'type':'string'}}"
              + "}},'status':{'type':'object','properties':{'phase':{'type':'string'}}}}}");

  private final FieldManager fields = FieldManager.forResource(MergeSchema.fromOpenApi(SCHEMA));

  @Test
  void createGivesTheCreatorItsFieldsAsKubectlCreateShowsThem() {
    ObjectNode created =
        fields.update(null, flunder("{'metadata':{'labels':{'sample-label':'true'}}}"), "kubectl-create", V1, T1);

    assertThat(created.path("metadata").path("managedFields"))
        .isEqualTo(
            json(
                "[{'manager':'kubectl-create','operation':'Update','apiVersion':'" + V1 + "',"
                    + "'time':'2024-05-01T10:00:00Z','fieldsType':'FieldsV1',"
                    + "'fieldsV1':{'f:metadata':{'f:labels':{'.':{},'f:sample-label':{}}}}}]"));
  }

  @Test
  void createOwnsAddedObjectsWithTheirSelfMarker() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x'}}"), "kubectl-create", V1, T1);

    assertThat(fieldsV1(created, "kubectl-create")).isEqualTo(json("{'f:spec':{'.':{},'f:a':{}}}"));
  }

  @Test
  void updateMovesChangedFieldsToTheWriter() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x','b':'y'}}"), "creator", V1, T1);
    ObjectNode edited = withSpec(created, "{'a':'x','b':'changed'}");

    ObjectNode updated = fields.update(created, edited, "kubectl-edit", V1, T2);

    assertThat(fieldsV1(updated, "creator")).isEqualTo(json("{'f:spec':{'.':{},'f:a':{}}}"));
    assertThat(fieldsV1(updated, "kubectl-edit")).isEqualTo(json("{'f:spec':{'f:b':{}}}"));
  }

  @Test
  void updateThatRemovesAFieldDropsItFromItsOwner() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x','b':'y'}}"), "creator", V1, T1);

    ObjectNode updated = fields.update(created, withSpec(created, "{'a':'x'}"), "kubectl-edit", V1, T2);

    assertThat(fieldsV1(updated, "creator")).isEqualTo(json("{'f:spec':{'.':{},'f:a':{}}}"));
    assertThat(managers(updated)).containsExactly("creator");
  }

  @Test
  void updateWithoutChangesLeavesEntriesAndTimesAlone() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x'}}"), "creator", V1, T1);

    ObjectNode updated = fields.update(created, created.deepCopy(), "someone-else", V1, T2);

    assertThat(updated.path("metadata").path("managedFields")).isEqualTo(created.path("metadata").path("managedFields"));
  }

  @Test
  void emptyManagedFieldsListStopsTracking() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x'}}"), "creator", V1, T1);
    ObjectNode reset = withSpec(created, "{'a':'y'}");
    ((ObjectNode) reset.get("metadata")).putArray("managedFields");

    ObjectNode updated = fields.update(created, reset, "kubectl-edit", V1, T2);

    assertThat(updated.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void validClientManagedFieldsReplaceTheTrackedOnes() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x'}}"), "creator", V1, T1);
    ObjectNode rewritten = created.deepCopy();
    ((ObjectNode) rewritten.get("metadata"))
        .set(
            "managedFields",
            json(
                "[{'manager':'migrated','operation':'Apply','apiVersion':'" + V1 + "','fieldsType':'FieldsV1',"
                    + "'fieldsV1':{'f:spec':{'f:a':{}}}}]"));

    ObjectNode updated = fields.update(created, rewritten, "kubectl-edit", V1, T2);

    assertThat(managers(updated)).containsExactly("migrated");
  }

  @Test
  void invalidClientManagedFieldsAreIgnoredInFavourOfTheLiveOnes() {
    ObjectNode created = fields.update(null, flunder("{'spec':{'a':'x'}}"), "creator", V1, T1);
    ObjectNode rewritten = created.deepCopy();
    ((ObjectNode) rewritten.get("metadata"))
        .set("managedFields", json("[{'manager':'bad','operation':'Delete','apiVersion':'v1','fieldsType':'FieldsV1'}]"));

    ObjectNode updated = fields.update(created, rewritten, "kubectl-edit", V1, T2);

    assertThat(managers(updated)).containsExactly("creator");
  }

  @Test
  void applyCreatesTheObjectAndOwnsExactlyItsConfiguration() {
    ApplyResult result =
        fields.apply(null, flunder("{'metadata':{'labels':{'a':'1'}},'spec':{'a':'x'}}"), "kubectl", V1, false, T1);

    assertThat(result.created()).isTrue();
    assertThat(result.object().path("spec")).isEqualTo(json("{'a':'x'}"));
    assertThat(result.object().path("metadata").path("managedFields"))
        .isEqualTo(
            json(
                "[{'manager':'kubectl','operation':'Apply','apiVersion':'" + V1 + "',"
                    + "'time':'2024-05-01T10:00:00Z','fieldsType':'FieldsV1',"
                    + "'fieldsV1':{'f:metadata':{'f:labels':{'f:a':{}}},'f:spec':{'f:a':{}}}}]"));
  }

  @Test
  void reapplyWithoutAFieldRemovesItFromTheObject() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'a':'x','b':'y'}}"), "kubectl", V1, false, T1).object();

    ApplyResult result = fields.apply(live, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T2);

    assertThat(result.object().path("spec")).isEqualTo(json("{'a':'x'}"));
    assertThat(fieldsV1(result.object(), "kubectl")).isEqualTo(json("{'f:spec':{'f:a':{}}}"));
  }

  @Test
  void reapplyWithoutAnythingInSpecRemovesSpec() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T1).object();

    ApplyResult result = fields.apply(live, flunder("{'metadata':{'labels':{'l':'1'}}}"), "kubectl", V1, false, T2);

    assertThat(result.object().has("spec")).isFalse();
    assertThat(result.object().path("metadata").path("name").asText()).isEqualTo("foo");
  }

  @Test
  void fieldDroppedFromTheConfigStaysWhenAnotherManagerOwnsIt() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'a':'x','b':'y'}}"), "kubectl", V1, false, T1).object();
    live = fields.apply(live, flunder("{'spec':{'b':'y'}}"), "other-applier", V1, false, T2).object();

    ApplyResult result = fields.apply(live, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T3);

    assertThat(result.object().path("spec")).isEqualTo(json("{'a':'x','b':'y'}"));
    assertThat(fieldsV1(result.object(), "other-applier")).isEqualTo(json("{'f:spec':{'f:b':{}}}"));
  }

  @Test
  void applyChangingAFieldAnUpdaterOwnsConflictsWithKubernetesMessage() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'replicas':1}}"), "kubectl-create", V1, T1);

    ApiException conflict =
        catchThrowableOfType(
            ApiException.class, () -> fields.apply(live, flunder("{'spec':{'replicas':3}}"), "kubectl", V1, false, T2));

    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.reason()).isEqualTo("Conflict");
    assertThat(conflict.getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-create\" using " + V1 + ": .spec.replicas");
    StatusCause cause = conflict.status().getDetails().getCauses().get(0);
    assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
    assertThat(cause.getMessage()).isEqualTo("conflict with \"kubectl-create\" using " + V1);
    assertThat(cause.getField()).isEqualTo(".spec.replicas");
  }

  @Test
  void severalConflictsAreListedPerManager() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'a':'x','b':'y'}}"), "creator", V1, T1);

    ApiException conflict =
        catchThrowableOfType(
            ApiException.class, () -> fields.apply(live, flunder("{'spec':{'a':'1','b':'2'}}"), "kubectl", V1, false, T2));

    assertThat(conflict.getMessage())
        .isEqualTo(
            "Apply failed with 2 conflicts: conflicts with \"creator\" using " + V1 + ":\n- .spec.a\n- .spec.b");
    assertThat(conflict.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly(".spec.a", ".spec.b");
  }

  @Test
  void conflictsWithAnotherApplierNameItWithoutVersion() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'a':'x'}}"), "helm", V1, false, T1).object();

    ApiException conflict =
        catchThrowableOfType(
            ApiException.class, () -> fields.apply(live, flunder("{'spec':{'a':'y'}}"), "kubectl", V1, false, T2));

    assertThat(conflict.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"helm\": .spec.a");
  }

  @Test
  void applyingTheSameValueAnotherManagerSetSharesOwnership() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'a':'x'}}"), "creator", V1, T1);

    ApplyResult result = fields.apply(live, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T2);

    assertThat(result.changed()).isFalse();
    assertThat(managers(result.object())).containsExactlyInAnyOrder("creator", "kubectl");
  }

  @Test
  void forcedApplyTakesTheFieldFromItsOwner() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'a':'x','replicas':1}}"), "kubectl-create", V1, T1);

    ApplyResult result = fields.apply(live, flunder("{'spec':{'replicas':3}}"), "kubectl", V1, true, T2);

    assertThat(result.object().path("spec")).isEqualTo(json("{'a':'x','replicas':3}"));
    assertThat(fieldsV1(result.object(), "kubectl-create")).isEqualTo(json("{'f:spec':{'.':{},'f:a':{}}}"));
    assertThat(fieldsV1(result.object(), "kubectl")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
  }

  @Test
  void setListsMergeByValueAndTrackEachItem() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'tags':['a','b']}}"), "one", V1, false, T1).object();

    ApplyResult result = fields.apply(live, flunder("{'spec':{'tags':['c']}}"), "two", V1, false, T2);

    assertThat(result.object().path("spec").path("tags")).isEqualTo(json("['a','b','c']"));
    assertThat(fieldsV1(result.object(), "two")).isEqualTo(json("{'f:spec':{'f:tags':{'v:\\\"c\\\"':{}}}}"));
  }

  @Test
  void mapListsMergeByTheirKeyFields() {
    ObjectNode live =
        fields.apply(null, flunder("{'spec':{'ports':[{'port':80,'protocol':'TCP','name':'http'}]}}"), "one", V1, false, T1)
            .object();

    ApplyResult result =
        fields.apply(live, flunder("{'spec':{'ports':[{'port':443,'protocol':'TCP','name':'https'}]}}"), "two", V1, false, T2);

    assertThat(result.object().path("spec").path("ports"))
        .isEqualTo(json("[{'port':80,'protocol':'TCP','name':'http'},{'port':443,'protocol':'TCP','name':'https'}]"));
    assertThat(fieldsV1(result.object(), "two"))
        .isEqualTo(
            json(
                "{'f:spec':{'f:ports':{'k:{\\\"port\\\":443,\\\"protocol\\\":\\\"TCP\\\"}':"
                    + "{'.':{},'f:name':{},'f:port':{},'f:protocol':{}}}}}"));
  }

  @Test
  void reapplyDropsOnlyTheMapListItemsTheApplierOwned() {
    ObjectNode live =
        fields.apply(null, flunder("{'spec':{'ports':[{'port':80,'protocol':'TCP'}]}}"), "one", V1, false, T1).object();
    live = fields.apply(live, flunder("{'spec':{'ports':[{'port':443,'protocol':'TCP'}]}}"), "two", V1, false, T2).object();

    ApplyResult result = fields.apply(live, flunder("{'spec':{'ports':[]}}"), "two", V1, false, T3);

    assertThat(result.object().path("spec").path("ports")).isEqualTo(json("[{'port':80,'protocol':'TCP'}]"));
  }

  @Test
  void atomicListsAreReplacedWholeAndOwnedAsOne() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'args':['a','b']}}"), "one", V1, false, T1).object();

    ApplyResult result = fields.apply(live, flunder("{'spec':{'args':['c']}}"), "one", V1, false, T2);

    assertThat(result.object().path("spec").path("args")).isEqualTo(json("['c']"));
    assertThat(fieldsV1(result.object(), "one")).isEqualTo(json("{'f:spec':{'f:args':{}}}"));
  }

  @Test
  void atomicMapsConflictAsAWhole() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'selector':{'app':'a'}}}"), "creator", V1, T1);

    ApiException conflict =
        catchThrowableOfType(
            ApiException.class,
            () -> fields.apply(live, flunder("{'spec':{'selector':{'tier':'b'}}}"), "kubectl", V1, false, T2));

    assertThat(conflict.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly(".spec.selector");
  }

  @Test
  void labelsAreOwnedPerKey() {
    ObjectNode live = fields.apply(null, flunder("{'metadata':{'labels':{'a':'1'}}}"), "one", V1, false, T1).object();
    live = fields.apply(live, flunder("{'metadata':{'labels':{'b':'2'}}}"), "two", V1, false, T2).object();

    ApplyResult result = fields.apply(live, flunder("{}"), "one", V1, false, T3);

    assertThat(result.object().path("metadata").path("labels")).isEqualTo(json("{'b':'2'}"));
    assertThat(fieldsV1(result.object(), "two")).isEqualTo(json("{'f:metadata':{'f:labels':{'f:b':{}}}}"));
  }

  @Test
  void finalizersMergeAsASet() {
    ObjectNode live = fields.update(null, flunder("{'metadata':{'finalizers':['a']}}"), "creator", V1, T1);

    ApplyResult result = fields.apply(live, flunder("{'metadata':{'finalizers':['b']}}"), "kubectl", V1, false, T2);

    assertThat(result.object().path("metadata").path("finalizers")).isEqualTo(json("['a','b']"));
  }

  @Test
  void firstApplyToAnUntrackedObjectConflictsWithWhatWasThereBefore() {
    ObjectNode untracked = flunder("{'spec':{'a':'x'}}");
    ((ObjectNode) untracked.get("metadata")).put("uid", "u-1");

    ApiException conflict =
        catchThrowableOfType(
            ApiException.class, () -> fields.apply(untracked, flunder("{'spec':{'a':'y'}}"), "kubectl", V1, false, T2));

    assertThat(conflict.getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"before-first-apply\" using " + V1 + ": .spec.a");
  }

  @Test
  void applyRefusesManagedFieldsInTheConfiguration() {
    ObjectNode config = flunder("{'metadata':{'managedFields':[]}}");

    ApiException error = catchThrowableOfType(ApiException.class, () -> fields.apply(null, config, "kubectl", V1, false, T1));

    assertThat(error.code()).isEqualTo(400);
    assertThat(error.getMessage()).isEqualTo("metadata.managedFields must be nil");
  }

  @Test
  void applyRefusesAMapListItemWithoutItsKey() {
    ObjectNode config = flunder("{'spec':{'ports':[{'port':80}]}}");

    ApiException error = catchThrowableOfType(ApiException.class, () -> fields.apply(null, config, "kubectl", V1, false, T1));

    assertThat(error.code()).isEqualTo(500);
    assertThat(error.getMessage())
        .endsWith(
            ".spec.ports: element 0: associative list with keys has an element that omits key field \"protocol\""
                + " (and doesn't have default value)");
  }

  @Test
  void noOpApplyKeepsTheApplierTime() {
    ObjectNode live = fields.apply(null, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T1).object();

    ApplyResult again = fields.apply(live, flunder("{'spec':{'a':'x'}}"), "kubectl", V1, false, T2);

    assertThat(again.changed()).isFalse();
    assertThat(again.object().path("metadata").path("managedFields").get(0).path("time").asText())
        .isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void entriesAreSortedApplyFirstThenByTime() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'a':'x'}}"), "zeta", V1, T2);
    live = fields.update(live, withSpec(live, "{'a':'x','b':'y'}"), "alpha", V1, T3);
    live = fields.apply(live, flunder("{'spec':{'replicas':2}}"), "kubectl", V1, false, T3).object();

    assertThat(managers(live)).containsExactly("kubectl", "zeta", "alpha");
  }

  @Test
  void moreThanTenUpdatersAreFoldedIntoAncientChanges() {
    ObjectNode live = fields.update(null, flunder("{'spec':{'a':'0'}}"), "m0", V1, T1);
    for (int i = 1; i <= 11; i++) {
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.get("metadata")).putObject("labels").put("l" + i, "v");
      ((ObjectNode) next.get("metadata").get("labels")).setAll(labelsOf(live));
      live = fields.update(live, next, "m" + i, V1, T1.plusSeconds(i));
    }

    assertThat(managers(live)).hasSize(10).contains("ancient-changes").doesNotContain("m0", "m1", "m2");
  }

  private static ObjectNode labelsOf(ObjectNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    return labels.isObject() ? ((ObjectNode) labels).deepCopy() : Json.object();
  }

  private static ObjectNode flunder(String body) {
    ObjectNode object = json(body);
    ObjectNode out = Json.object();
    out.put("apiVersion", V1);
    out.put("kind", "Flunder");
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", "foo");
    metadata.put("namespace", "default");
    if (object.get("metadata") instanceof ObjectNode m) {
      metadata.setAll(m);
    }
    object.remove("metadata");
    out.setAll(object);
    return out;
  }

  private static ObjectNode withSpec(ObjectNode object, String spec) {
    ObjectNode copy = object.deepCopy();
    copy.set("spec", json(spec));
    return copy;
  }

  private static JsonNode fieldsV1(ObjectNode object, String manager) {
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      if (entry.path("manager").asText().equals(manager)) {
        return entry.path("fieldsV1");
      }
    }
    throw new AssertionError("no managedFields entry for " + manager + " in " + object);
  }

  private static List<String> managers(ObjectNode object) {
    return FieldManager.entriesOf(object).stream().map(e -> e.id().manager()).collect(Collectors.toList());
  }

  @SuppressWarnings("unchecked")
  private static <T extends JsonNode> T json(String singleQuoted) {
    try {
      return (T) Json.mapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }
}
