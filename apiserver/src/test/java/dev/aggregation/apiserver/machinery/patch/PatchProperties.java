package dev.aggregation.apiserver.machinery.patch;

import static dev.aggregation.apiserver.fuzz.Outcomes.succeedsOrIsClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.fuzz.JsonArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Merge and JSON patches of arbitrary documents: each applies or is a 4xx, never changes its inputs, and merge
 * patches behave as RFC 7386 says where evanphx agrees with it.
 */
class PatchProperties {
  @Provide
  Arbitrary<JsonNode> documents() {
    return JsonArbitraries.values(4);
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return JsonArbitraries.objects(4);
  }

  @Provide
  Arbitrary<JsonNode> jsonPatches() {
    Arbitrary<String> pointer = Arbitraries.oneOf(
        Arbitraries.of("", "/", "/metadata", "/metadata/name", "/spec/0", "/spec/-", "/a~1b", "/~", "/~2", "/spec/01", "/spec/-1",
            "metadata", "/spec/99999999999999999999"),
        JsonArbitraries.fieldNames().list().ofMaxSize(3).map(parts -> "/" + String.join("/", parts)));
    Arbitrary<JsonNode> operation = Combinators.combine(
            Arbitraries.of("add", "remove", "replace", "move", "copy", "test", "bogus", ""), pointer, pointer, JsonArbitraries.values(2),
            Arbitraries.of(true, false))
        .as((op, path, from, value, withValue) -> {
          ObjectNode node = JsonNodeFactory.instance.objectNode();
          node.put("op", op);
          node.put("path", path);
          node.put("from", from);
          if (withValue) {
            node.set("value", value);
          }
          return (JsonNode) node;
        });
    return Arbitraries.oneOf(
        operation.list().ofMaxSize(5).map(ops -> {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          ops.forEach(array::add);
          return (JsonNode) array;
        }),
        JsonArbitraries.values(3));
  }

  @Property
  void mergePatchAppliesOrIsAClientErrorAndLeavesItsInputsAlone(@ForAll("documents") JsonNode target, @ForAll("documents") JsonNode patch) {
    JsonNode targetBefore = target.deepCopy();
    JsonNode patchBefore = patch.deepCopy();
    succeedsOrIsClientError(() -> MergePatch.apply(target, patch));
    assertThat(target).isEqualTo(targetBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }

  /**
   * Not for patches with nulls in objects inside arrays: evanphx keeps those when an array replaces an object and
   * prunes them when it replaces anything else, so applying such a patch twice differs from once in Kubernetes too
   * (found by this property; MergePatch follows evanphx).
   */
  @Property
  void mergePatchIsIdempotent(@ForAll("objects") ObjectNode target, @ForAll("objects") ObjectNode patch) {
    net.jqwik.api.Assume.that(!hasNullInsideAnArray(patch, false));
    JsonNode once = MergePatch.apply(target, patch);
    assertThat(MergePatch.apply(once, patch)).isEqualTo(once);
  }

  @Property
  void mergePatchSetsEveryNonNullMemberAndRemovesNullOnes(@ForAll("objects") ObjectNode target, @ForAll("objects") ObjectNode patch) {
    JsonNode result = MergePatch.apply(target, patch);
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        assertThat(result.has(field.getKey())).as(field.getKey()).isFalse();
      } else {
        assertThat(result.has(field.getKey())).as(field.getKey()).isTrue();
      }
    });
    target.fields().forEachRemaining(field -> {
      if (!patch.has(field.getKey())) {
        assertThat(result.get(field.getKey())).isEqualTo(field.getValue());
      }
    });
  }

  private static boolean hasNullInsideAnArray(JsonNode node, boolean insideArray) {
    if (node.isNull()) {
      return insideArray;
    }
    for (JsonNode child : node) {
      if (hasNullInsideAnArray(child, insideArray || node.isArray())) {
        return true;
      }
    }
    return false;
  }

  @Property
  void jsonPatchAppliesOrIsAClientErrorAndLeavesItsInputsAlone(@ForAll("documents") JsonNode target, @ForAll("jsonPatches") JsonNode patch) {
    JsonNode targetBefore = target.deepCopy();
    JsonNode patchBefore = patch.deepCopy();
    succeedsOrIsClientError(() -> JsonPatch.apply(target, patch));
    assertThat(target).isEqualTo(targetBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }
}
