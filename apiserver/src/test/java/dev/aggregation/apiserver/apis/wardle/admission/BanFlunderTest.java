package dev.aggregation.apiserver.apis.wardle.admission;

import static dev.aggregation.apiserver.apis.wardle.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.apis.wardle.FischerStrategy;
import dev.aggregation.apiserver.apis.wardle.FlunderStrategy;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.registry.ObjectReader;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BanFlunderTest {
  private static final GroupResource FISCHERS = new GroupResource("wardle.example.com", "fischers");

  /** Serves stored hub objects per resource, and records what it was asked. */
  private static final class InMemoryObjects implements ObjectReader {
    private final Map<GroupResource, List<ObjectNode>> objects;
    private final List<String> requests = new ArrayList<>();

    InMemoryObjects(Map<GroupResource, List<ObjectNode>> objects) {
      this.objects = objects;
    }

    @Override
    public List<ObjectNode> list(GroupResource resource, String namespace) {
      requests.add(resource + " in \"" + namespace + "\"");
      return objects.getOrDefault(resource, List.of());
    }
  }

  private static InMemoryObjects fischers(String... hubFischers) {
    return new InMemoryObjects(Map.of(FISCHERS, List.of(hubFischers).stream().map(j -> tree(j)).toList()));
  }

  private static AdmissionAttributes create(ResourceStrategy strategy, String namespace, String name) {
    ObjectNode object = tree("{'metadata':{'name':'" + name + "'},'spec':{},'status':{}}");
    return new AdmissionAttributes(
        Operation.CREATE, strategy, "v1alpha1", "", namespace, name, object, null, UserInfo.of("alice", List.of()), false);
  }

  @Test
  void isNamedBanFlunder() {
    assertThat(new BanFlunder(fischers()).name()).isEqualTo("BanFlunder");
  }

  @Test
  void refusesAFlunderNameThatAFischerDisallows() {
    BanFlunder plugin =
        new BanFlunder(fischers("{'metadata':{'name':'f1'}}", "{'metadata':{'name':'f2'},'disallowedFlunders':['x','bad']}"));
    AdmissionAttributes attributes = create(new FlunderStrategy(), "default", "bad");

    assertThat(plugin.handles(attributes)).isTrue();
    ApiException e = catchThrowableOfType(ApiException.class, () -> plugin.admit(attributes));
    assertThat(e.code()).isEqualTo(403);
    assertThat(e.reason()).isEqualTo("Forbidden");
    assertThat(e.getMessage())
        .isEqualTo("flunders.wardle.example.com \"bad\" is forbidden: this name may not be used, please change the resource name");
    assertThat(e.status().getDetails().getName()).isEqualTo("bad");
    assertThat(e.status().getDetails().getGroup()).isEqualTo("wardle.example.com");
    assertThat(e.status().getDetails().getKind()).isEqualTo("flunders");
  }

  @Test
  void allowsANameNoFischerDisallows() {
    InMemoryObjects reader = fischers("{'metadata':{'name':'f'},'disallowedFlunders':['bad']}");
    BanFlunder plugin = new BanFlunder(reader);

    assertThatNoException().isThrownBy(() -> plugin.admit(create(new FlunderStrategy(), "default", "good")));
    assertThat(reader.requests).containsExactly("fischers.wardle.example.com in \"\"");
  }

  @Test
  void refusesAsNotYetReadyWhileFischersCannotBeRead() {
    ObjectReader unsynced =
        (resource, namespace) -> {
          throw new StorageException("the objects under '/registry/wardle.example.com/fischers/' have not been listed");
        };
    BanFlunder plugin = new BanFlunder(unsynced);

    ApiException e = catchThrowableOfType(ApiException.class, () -> plugin.admit(create(new FlunderStrategy(), "default", "good")));
    assertThat(e.code()).isEqualTo(403);
    assertThat(e.getMessage()).isEqualTo("flunders.wardle.example.com \"good\" is forbidden: not yet ready to handle request");
  }

  @Test
  void allowsEveryNameWhenThereAreNoFischers() {
    BanFlunder plugin = new BanFlunder(fischers());
    assertThatNoException().isThrownBy(() -> plugin.admit(create(new FlunderStrategy(), "default", "bad")));
  }

  @Test
  void matchesNamesExactly() {
    BanFlunder plugin = new BanFlunder(fischers("{'disallowedFlunders':['Bad']}"));
    assertThatNoException().isThrownBy(() -> plugin.admit(create(new FlunderStrategy(), "default", "bad")));
  }

  @Test
  void handlesOnlyFlunderCreates() {
    BanFlunder plugin = new BanFlunder(fischers());
    AdmissionAttributes flunderCreate = create(new FlunderStrategy(), "default", "bad");
    ObjectNode object = flunderCreate.object();

    for (Operation other : List.of(Operation.UPDATE, Operation.DELETE, Operation.CONNECT)) {
      AdmissionAttributes attributes =
          new AdmissionAttributes(other, new FlunderStrategy(), "v1alpha1", "", "default", "bad", object, object, flunderCreate.user(), false);
      assertThat(plugin.handles(attributes)).as(other.name()).isFalse();
    }
    assertThat(plugin.handles(create(new FischerStrategy(), "", "bad"))).isFalse();
  }
}
