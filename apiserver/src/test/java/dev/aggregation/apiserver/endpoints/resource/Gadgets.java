package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.List;

/**
 * A namespaced kind of the tests' own, {@code gadgets.test.example.com/v1} Gadget, whose status has a field
 * (Flunder's status is empty) so that the status subresource's rules can be observed: spec.size, status.phase.
 */
final class Gadgets implements ResourceStrategy {
  static final String GROUP = "test.example.com";

  static ApiGroup apiGroup() {
    return new ApiGroup(GROUP, List.of("v1"), List.of(new Gadgets()));
  }

  static String collection(String namespace) {
    return "/apis/" + GROUP + "/v1/namespaces/" + namespace + "/gadgets";
  }

  static ObjectNode gadget(String name, int size, String phase) {
    ObjectNode gadget = Json.object();
    gadget.put("apiVersion", GROUP + "/v1");
    gadget.put("kind", "Gadget");
    gadget.putObject("metadata").put("name", name);
    gadget.putObject("spec").put("size", size);
    gadget.putObject("status").put("phase", phase);
    return gadget;
  }

  private record V1() implements VersionDefinition {
    @Override
    public String name() {
      return "v1";
    }

    @Override
    public ObjectNode schema() {
      ObjectNode schema = Json.object().put("type", "object");
      ObjectNode properties = schema.putObject("properties");
      properties.putObject("spec").put("type", "object").putObject("properties").putObject("size").put("type", "integer");
      properties.putObject("status").put("type", "object").putObject("properties").putObject("phase").put("type", "string");
      return schema;
    }

    @Override
    public ObjectNode toHub(ObjectNode object) {
      return object;
    }

    @Override
    public ObjectNode fromHub(ObjectNode hub) {
      return hub;
    }
  }

  @Override
  public String group() {
    return GROUP;
  }

  @Override
  public String kind() {
    return "Gadget";
  }

  @Override
  public String resource() {
    return "gadgets";
  }

  @Override
  public String singular() {
    return "gadget";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public List<VersionDefinition> versions() {
    return List.of(new V1());
  }

  @Override
  public String storageVersion() {
    return "v1";
  }

  @Override
  public boolean hasStatusSubresource() {
    return true;
  }

  @Override
  public List<FieldError> validate(ObjectNode hub) {
    return List.of();
  }
}
