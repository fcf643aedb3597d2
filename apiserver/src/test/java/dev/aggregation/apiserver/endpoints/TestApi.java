package dev.aggregation.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.List;

/**
 * A group shaped like sample-apiserver's wardle.example.com, defined here so the endpoint tests depend on no
 * other package: Flunder is namespaced, served in v1beta1 and v1alpha1, stored in v1alpha1, with a status
 * subresource and a short name; Fischer is cluster-scoped and served in v1alpha1 only.
 */
public final class TestApi {
  public static final String GROUP = "wardle.example.com";

  private TestApi() {}

  public static ApiGroup group() {
    return new ApiGroup(GROUP, List.of("v1beta1", "v1alpha1"), List.of(new Flunders(), new Fischers()));
  }

  record Version(String name, ObjectNode schema) implements VersionDefinition {
    @Override
    public ObjectNode schema() {
      return schema.deepCopy();
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

  static ObjectNode flunderSchema(String version) {
    ObjectNode schema = Json.object();
    schema.put("description", "Flunder is an example type with a spec and a status (" + version + ").");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ObjectNode spec = properties.putObject("spec");
    spec.put("description", "The desired state of the Flunder.");
    spec.put("type", "object");
    ObjectNode specProperties = spec.putObject("properties");
    specProperties.putObject("reference").put("type", "string").put("description", "A name of another flunder or fischer.");
    specProperties.putObject("referenceType").put("type", "string").put("description", "Flunder or Fischer.");
    ObjectNode comment = specProperties.putObject("comment");
    comment.put("type", "string").put("nullable", true).put("description", "Free text.");
    ObjectNode status = properties.putObject("status");
    status.put("description", "The observed state of the Flunder.");
    status.put("type", "object");
    return schema;
  }

  static ObjectNode fischerSchema() {
    ObjectNode schema = Json.object();
    schema.put("description", "Fischer names flunders that must not be created.");
    schema.put("type", "object");
    ObjectNode disallowed = schema.putObject("properties").putObject("disallowedFlunders");
    disallowed.put("type", "array").put("description", "Names of disallowed flunders.");
    disallowed.putObject("items").put("type", "string");
    return schema;
  }

  static final class Flunders implements ResourceStrategy {
    @Override
    public String group() {
      return GROUP;
    }

    @Override
    public String kind() {
      return "Flunder";
    }

    @Override
    public String resource() {
      return "flunders";
    }

    @Override
    public String singular() {
      return "flunder";
    }

    @Override
    public boolean namespaced() {
      return true;
    }

    @Override
    public List<VersionDefinition> versions() {
      return List.of(new Version("v1beta1", flunderSchema("v1beta1")), new Version("v1alpha1", flunderSchema("v1alpha1")));
    }

    @Override
    public String storageVersion() {
      return "v1alpha1";
    }

    @Override
    public List<String> shortNames() {
      return List.of("fl");
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

  static final class Fischers implements ResourceStrategy {
    @Override
    public String group() {
      return GROUP;
    }

    @Override
    public String kind() {
      return "Fischer";
    }

    @Override
    public String resource() {
      return "fischers";
    }

    @Override
    public String singular() {
      return "fischer";
    }

    @Override
    public boolean namespaced() {
      return false;
    }

    @Override
    public List<VersionDefinition> versions() {
      return List.of(new Version("v1alpha1", fischerSchema()));
    }

    @Override
    public String storageVersion() {
      return "v1alpha1";
    }

    @Override
    public List<FieldError> validate(ObjectNode hub) {
      return List.of();
    }
  }
}
