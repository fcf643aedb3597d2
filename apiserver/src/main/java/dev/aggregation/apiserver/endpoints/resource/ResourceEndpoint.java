package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.registry.GenericRegistry;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;

/** One resource served in one version: what a URL {@code /apis/<group>/<version>/<resource>} addresses. */
public record ResourceEndpoint(ResourceStrategy strategy, VersionDefinition version, GenericRegistry registry) {
  public String apiVersion() {
    return strategy.group() + "/" + version.name();
  }
}
