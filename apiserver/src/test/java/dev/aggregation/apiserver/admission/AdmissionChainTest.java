package dev.aggregation.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class AdmissionChainTest {
  private final List<String> calls = new ArrayList<>();

  /** Records its phases; mutates by adding its name to a label; rejects on validate when told to. */
  private final class Recording implements AdmissionPlugin {
    private final String name;
    private final Predicate<AdmissionAttributes> handles;
    private final boolean rejects;

    Recording(String name, Predicate<AdmissionAttributes> handles, boolean rejects) {
      this.name = name;
      this.handles = handles;
      this.rejects = rejects;
    }

    @Override public String name() { return name; }
    @Override public boolean handles(AdmissionAttributes attributes) { return handles.test(attributes); }

    @Override
    public void admit(AdmissionAttributes attributes) {
      calls.add(name + ".admit");
      ((ObjectNode) attributes.object().with("metadata")).with("labels").put(name, "seen");
    }

    @Override
    public void validate(AdmissionAttributes attributes) {
      calls.add(name + ".validate");
      if (rejects) {
        throw ApiErrors.forbidden(new GroupResource("test.example.com", "widgets"), attributes.name(), "rejected by " + name);
      }
    }
  }

  private static AdmissionAttributes create(String name) {
    ObjectNode object = Json.readObject(("{\"metadata\":{\"name\":\"" + name + "\"}}").getBytes());
    return new AdmissionAttributes(Operation.CREATE, null, "v1", "", "default", name, object, null, null, false);
  }

  @Test
  void runsThePluginsOfAPhaseInTheirOrder() {
    AdmissionChain chain = new AdmissionChain(List.of(new Recording("First", a -> true, false), new Recording("Second", a -> true, false)));
    AdmissionAttributes attributes = create("w");

    chain.admit(attributes);
    chain.validate(attributes);

    assertThat(calls).containsExactly("First.admit", "Second.admit", "First.validate", "Second.validate");
    assertThat(attributes.object().at("/metadata/labels").size()).isEqualTo(2);
  }

  @Test
  void skipsPluginsThatDoNotHandleTheRequest() {
    AdmissionChain chain = new AdmissionChain(List.of(
        new Recording("CreatesOnly", a -> a.operation() == Operation.CREATE, false),
        new Recording("UpdatesOnly", a -> a.operation() == Operation.UPDATE, false)));

    chain.admit(create("w"));

    assertThat(calls).containsExactly("CreatesOnly.admit");
  }

  @Test
  void stopsAtTheFirstRejection() {
    AdmissionChain chain = new AdmissionChain(List.of(
        new Recording("Rejecting", a -> true, true), new Recording("Later", a -> true, false)));

    assertThatThrownBy(() -> chain.validate(create("w")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("widgets.test.example.com \"w\" is forbidden: rejected by Rejecting");
        });
    assertThat(calls).containsExactly("Rejecting.validate");
  }

  @Test
  void admitsEverythingWhenEmpty() {
    AdmissionAttributes attributes = create("w");

    AdmissionChain.empty().admit(attributes);
    AdmissionChain.empty().validate(attributes);

    assertThat(attributes.object().path("metadata").has("labels")).isFalse();
    assertThat(AdmissionChain.empty().names()).isEmpty();
  }

  @Test
  void namesItsPluginsInOrder() {
    assertThat(new AdmissionChain(List.of(new Recording("B", a -> true, false), new Recording("A", a -> true, false))).names())
        .containsExactly("B", "A");
  }
}
