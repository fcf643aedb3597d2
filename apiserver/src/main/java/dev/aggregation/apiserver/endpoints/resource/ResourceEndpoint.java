package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.registry.GenericRegistry;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import dev.aggregation.apiserver.registry.fieldmanager.FieldManager;
import dev.aggregation.apiserver.registry.fieldmanager.MergeSchema;

/**
 * One resource served in one version: what a URL {@code /apis/<group>/<version>/<resource>} addresses, with the
 * field managers of the resource and of its status subresource in that version's schema.
 */
public record ResourceEndpoint(
    ResourceStrategy strategy, VersionDefinition version, GenericRegistry registry, FieldManager resourceFields, FieldManager statusFields) {

  public static ResourceEndpoint of(ResourceStrategy strategy, VersionDefinition version, GenericRegistry registry) {
    MergeSchema schema = MergeSchema.fromOpenApi(version.schema());
    return new ResourceEndpoint(
        strategy, version, registry, FieldManager.forResource(schema), FieldManager.forSubresource(schema, "status"));
  }

  public String apiVersion() {
    return strategy.group() + "/" + version.name();
  }

  FieldManager fields(String subresource) {
    return "status".equals(subresource) ? statusFields : resourceFields;
  }
}
