package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialObjectMetadataTest {
  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void keepsOnlyKindApiVersionAndMetadata() {
    ObjectNode object = json("{'kind':'Flunder','apiVersion':'x/v1','metadata':{'name':'a','uid':'u'},'spec':{}}");
    assertThat(PartialObjectMetadata.of(object, PartialObjectMetadata.META_V1))
        .isEqualTo(json("{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':{'name':'a','uid':'u'}}"));
  }

  @Test
  void listsPartialItemsWithListMetadata() {
    ObjectNode a = json("{'kind':'Flunder','metadata':{'name':'a'}}");
    ObjectNode b = json("{'kind':'Flunder','metadata':{'name':'b'}}");
    ObjectNode list = PartialObjectMetadata.list(List.of(a, b), json("{'resourceVersion':'3'}"), "meta.k8s.io/v1");
    assertThat(list.get("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(list.get("metadata")).isEqualTo(json("{'resourceVersion':'3'}"));
    assertThat(list.get("items")).extracting(i -> i.get("kind").asText())
        .containsExactly("PartialObjectMetadata", "PartialObjectMetadata");
  }

  @Test
  void listsNoItemsAsAnEmptyArray() {
    ObjectNode list = PartialObjectMetadata.list(List.of(), null, "meta.k8s.io/v1");
    assertThat(list.get("items").isArray()).isTrue();
    assertThat(list.get("items")).isEmpty();
    assertThat(list.get("metadata")).isEqualTo(json("{}"));
  }
}
