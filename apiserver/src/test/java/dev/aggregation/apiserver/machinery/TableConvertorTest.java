package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aggregation.apiserver.machinery.TableConvertor.IncludeObject;
import dev.aggregation.apiserver.machinery.TableConvertor.Options;
import dev.aggregation.apiserver.registry.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConvertorTest {
  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static final ObjectNode FOO =
      json(
          "{'apiVersion':'wardle.example.com/v1alpha1','kind':'Flunder','metadata':{'name':'foo','namespace':'ns',"
              + "'resourceVersion':'7','creationTimestamp':'2024-05-01T12:00:00+02:00','labels':{'a':'b'}},"
              + "'spec':{'reference':'bar'}}");
  private static final TableConvertor DEFAULT = new TableConvertor(List.of());

  @Test
  void hasExactlyNameAndCreatedAtByDefault() {
    ObjectNode table = DEFAULT.convert(List.of(FOO), json("{'resourceVersion':'9','continue':'c'}"), Options.defaults());
    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.get("metadata")).isEqualTo(json("{'resourceVersion':'9','continue':'c'}"));
    assertThat(table.get("columnDefinitions").get(0))
        .isEqualTo(
            json("{'name':'Name','type':'string','format':'name','priority':0}")
                .put("description", TableConvertor.NAME_DESCRIPTION));
    assertThat(table.get("columnDefinitions").get(1))
        .isEqualTo(
            json("{'name':'Created At','type':'date','format':'','priority':0}")
                .put("description", TableConvertor.CREATION_TIMESTAMP_DESCRIPTION));
    assertThat(table.get("columnDefinitions")).hasSize(2);
  }

  @Test
  void writesNameAndUtcCreationInCells() {
    ObjectNode row = (ObjectNode) DEFAULT.convert(List.of(FOO), null, Options.defaults()).get("rows").get(0);
    assertThat(row.get("cells")).isEqualTo(Json.mapper().createArrayNode().add("foo").add("2024-05-01T10:00:00Z"));
  }

  @Test
  void embedsPartialObjectMetadataByDefault() {
    ObjectNode row = (ObjectNode) DEFAULT.convert(List.of(FOO), null, Options.defaults()).get("rows").get(0);
    assertThat(row.get("object").get("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.get("object").get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(row.get("object").get("metadata")).isEqualTo(FOO.get("metadata"));
    assertThat(row.get("object").has("spec")).isFalse();
  }

  @Test
  void embedsTheWholeObjectOrNothingOnRequest() {
    Options object = new Options(IncludeObject.OBJECT, false, "meta.k8s.io/v1");
    assertThat(DEFAULT.convert(List.of(FOO), null, object).get("rows").get(0).get("object")).isEqualTo(FOO);
    Options none = new Options(IncludeObject.NONE, false, "meta.k8s.io/v1");
    assertThat(DEFAULT.convert(List.of(FOO), null, none).get("rows").get(0).has("object")).isFalse();
  }

  @Test
  void dropsColumnDefinitionsWithNoHeaders() {
    ObjectNode table = DEFAULT.convert(List.of(FOO), null, new Options(IncludeObject.NONE, true, "meta.k8s.io/v1"));
    assertThat(table.get("columnDefinitions").isNull()).isTrue();
    assertThat(table.get("rows")).hasSize(1);
  }

  @Test
  void placesExtraColumnsBetweenNameAndCreatedAt() {
    TableColumn reference =
        new TableColumn("Reference", "string", "", "the referenced object", 0, o -> o.path("spec").get("reference"));
    TableColumn missing = new TableColumn("Missing", "integer", null, "nothing", 1, o -> null);
    ObjectNode table = new TableConvertor(List.of(reference, missing)).convert(List.of(FOO), null, Options.defaults());
    assertThat(table.get("columnDefinitions")).extracting(c -> c.get("name").asText())
        .containsExactly("Name", "Reference", "Missing", "Created At");
    assertThat(table.get("columnDefinitions").get(2).get("priority").asInt()).isEqualTo(1);
    assertThat(table.get("rows").get(0).get("cells").get(1)).isEqualTo(TextNode.valueOf("bar"));
    assertThat(table.get("rows").get(0).get("cells").get(2).isNull()).isTrue();
  }

  @Test
  void takesTheResourceVersionOfASingleObject() {
    ObjectNode table = DEFAULT.convertOne(FOO, Options.defaults());
    assertThat(table.get("metadata")).isEqualTo(json("{'resourceVersion':'7'}"));
  }

  @Test
  void printsGoZeroTimeWithoutCreationTimestamp() {
    assertThat(TableConvertor.createdAt("")).isEqualTo("0001-01-01T00:00:00Z");
  }

  @Test
  void followsTheRequestedMetaVersion() {
    ObjectNode table = DEFAULT.convert(List.of(FOO), null, new Options(IncludeObject.METADATA, false, "meta.k8s.io/v1beta1"));
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    assertThat(table.get("rows").get(0).get("object").get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void parsesIncludeObjectWithMetadataAsDefault() {
    assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
    assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
  }
}
