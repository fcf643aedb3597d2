package dev.aggregation.apiserver.apis.wardle;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.admission.AdmissionPlugin;
import dev.aggregation.apiserver.apis.wardle.admission.BanFlunder;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class WardleApiTest {
  private final ApiGroup group = WardleApi.group();

  private ResourceStrategy kind(String kind) {
    return group.resources().stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void prefersV1beta1ThenV1alpha1() {
    assertThat(group.name()).isEqualTo("wardle.example.com");
    assertThat(group.versionsByPreference()).containsExactly("v1beta1", "v1alpha1");
    assertThat(group.preferredVersion()).isEqualTo("v1beta1");
  }

  @Test
  void servesFischerOnlyInV1alpha1() {
    assertThat(group.resourcesIn("v1alpha1")).extracting(ResourceStrategy::kind).containsExactlyInAnyOrder("Flunder", "Fischer");
    assertThat(group.resourcesIn("v1beta1")).extracting(ResourceStrategy::kind).containsExactly("Flunder");
  }

  @Test
  void flunderIsNamespacedServedInBothVersionsAndStoredAsV1alpha1() {
    ResourceStrategy flunder = kind("Flunder");
    assertThat(flunder.resource()).isEqualTo("flunders");
    assertThat(flunder.singular()).isEqualTo("flunder");
    assertThat(flunder.listKind()).isEqualTo("FlunderList");
    assertThat(flunder.namespaced()).isTrue();
    assertThat(flunder.versions()).extracting(VersionDefinition::name).containsExactly("v1beta1", "v1alpha1");
    assertThat(flunder.storageVersion()).isEqualTo("v1alpha1");
    assertThat(flunder.groupResource()).isEqualTo(new GroupResource("wardle.example.com", "flunders"));
  }

  @Test
  void fischerIsClusterScopedAndStoredAsV1alpha1() {
    ResourceStrategy fischer = kind("Fischer");
    assertThat(fischer.resource()).isEqualTo("fischers");
    assertThat(fischer.singular()).isEqualTo("fischer");
    assertThat(fischer.namespaced()).isFalse();
    assertThat(fischer.versions()).extracting(VersionDefinition::name).containsExactly("v1alpha1");
    assertThat(fischer.storageVersion()).isEqualTo("v1alpha1");
  }

  @Test
  void leavesGenerationUnsetAsTheSampleDoes() {
    assertThat(kind("Flunder").tracksGeneration()).isFalse();
    assertThat(kind("Fischer").tracksGeneration()).isFalse();
  }

  @Test
  void givesFlunderAStatusSubresourceAndFischerNone() {
    assertThat(kind("Flunder").hasStatusSubresource()).isTrue();
    assertThat(kind("Fischer").hasStatusSubresource()).isFalse();
  }

  @Test
  void definesNoShortNamesCategoriesExtraColumnsOrFieldSelectors() {
    for (ResourceStrategy kind : group.resources()) {
      assertThat(kind.shortNames()).isEmpty();
      assertThat(kind.categories()).isEmpty();
      assertThat(kind.tableColumns()).isEmpty();
      assertThat(kind.selectableFields()).isEmpty();
    }
  }

  @Test
  void validatesAFlunderOnCreateWithTheSampleMessage() {
    ResourceStrategy flunder = kind("Flunder");
    var hub = flunder.version("v1beta1").toHub(tree("{'metadata':{'name':'foo'},'spec':{'referenceType':'X'}}"));
    ApiException invalid = ApiErrors.invalid(flunder.kind(), flunder.group(), "foo", flunder.validate(hub));
    assertThat(invalid.code()).isEqualTo(422);
    assertThat(invalid.getMessage())
        .isEqualTo("Flunder.wardle.example.com \"foo\" is invalid: spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer");
  }

  @Test
  void validatesAV1alpha1FlunderOnItsHubFieldPaths() {
    ResourceStrategy flunder = kind("Flunder");
    var hub = flunder.version("v1alpha1").toHub(tree("{'spec':{'referenceType':'Fischer'}}"));
    assertThat(flunder.validate(hub))
        .extracting(e -> e.message())
        .containsExactly("spec.fischerReference: Required value: cannot be empty if referenceType is Fischer");
  }

  @Test
  void validatesUpdatesLikeCreatesUnlikeTheSample() {
    ResourceStrategy flunder = kind("Flunder");
    var invalid = flunder.version("v1beta1").toHub(tree("{'spec':{'referenceType':'X'}}"));
    assertThat(flunder.validateUpdate(invalid, invalid))
        .extracting(e -> e.message())
        .contains("spec.referenceType: Invalid value: \"X\": must be Flunder or Fischer");
  }

  @Test
  void acceptsAnyFischer() {
    ResourceStrategy fischer = kind("Fischer");
    var hub = fischer.version("v1alpha1").toHub(tree("{'disallowedFlunders':['a','a','']}"));
    assertThat(fischer.validate(hub)).isEmpty();
    assertThat(fischer.validateUpdate(hub, hub)).isEmpty();
  }

  @Test
  void offersBanFlunderAsItsAdmissionPlugin() {
    List<AdmissionPlugin> plugins = WardleApi.admissionPlugins((resource, namespace) -> List.of());
    assertThat(plugins).singleElement().isInstanceOf(BanFlunder.class);
    assertThat(plugins.get(0).name()).isEqualTo("BanFlunder");
  }
}
