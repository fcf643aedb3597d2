package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.GenericRegistry;
import dev.aggregation.apiserver.registry.StandardMetadataValidation;
import dev.aggregation.apiserver.registry.ObjectReader;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.storage.Storage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/** One registry per served kind, over one store; also the {@link ObjectReader} admission plugins read through. */
final class Registries implements ObjectReader {
  private final Map<GroupResource, GenericRegistry> byResource = new LinkedHashMap<>();

  Registries(List<ApiGroup> groups, Storage storage, String prefix, Clock clock, NameGenerator names) {
    for (ApiGroup group : groups) {
      for (ResourceStrategy strategy : group.resources()) {
        byResource.put(strategy.groupResource(), new GenericRegistry(strategy, storage, prefix, new StandardMetadataValidation(strategy.nameValidator()), clock, names));
      }
    }
  }

  /** The key prefix of every served resource, {@code <prefix>/<group>/<resource>/}: what the watch cache holds. */
  static List<String> resourcePrefixes(List<ApiGroup> groups, String prefix) {
    return groups.stream()
        .flatMap(group -> group.resources().stream())
        .map(strategy -> GenericRegistry.resourcePrefix(prefix, strategy))
        .toList();
  }

  GenericRegistry get(GroupResource resource) {
    GenericRegistry registry = byResource.get(resource);
    if (registry == null) {
      throw new IllegalArgumentException("no registry serves " + resource);
    }
    return registry;
  }

  @Override
  public List<ObjectNode> list(GroupResource resource, String namespace) {
    return get(resource).listAll(namespace);
  }
}
