package dev.aggregation.apiserver.endpoints.discovery;

import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDR;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code apiVersion: v1} discovery documents: APIGroupList at {@code /apis}, APIGroup at
 * {@code /apis/<group>}, APIResourceList at {@code /apis/<group>/<version>}. The per-group and per-version
 * documents never change and are encoded once; the group list carries the address the client reached us at,
 * so it is built per request.
 */
public final class LegacyDiscovery {
  private final List<ApiGroup> groups;
  private final Map<String, byte[]> groupDocuments;
  private final Map<String, byte[]> versionDocuments;

  public LegacyDiscovery(List<ApiGroup> groups) {
    this.groups = List.copyOf(groups);
    this.groupDocuments =
        this.groups.stream().collect(Collectors.toUnmodifiableMap(ApiGroup::name, g -> Json.bytes(apiGroup(g))));
    Map<String, byte[]> versions = new HashMap<>();
    for (ApiGroup group : this.groups) {
      for (String version : group.versionsByPreference()) {
        versions.put(group.name() + "/" + version, Json.bytes(apiResourceList(group, version)));
      }
    }
    this.versionDocuments = Map.copyOf(versions);
  }

  /** The APIGroupList, each group telling clients from any network to use {@code serverAddress}. */
  public APIGroupList groupList(String serverAddress) {
    APIGroupList list = new APIGroupList();
    list.setApiVersion("v1");
    list.setKind("APIGroupList");
    List<APIGroup> items = new ArrayList<>();
    for (ApiGroup group : groups) {
      APIGroup item = apiGroup(group);
      // Items of a list carry no type meta, as Go omits the empty apiVersion and kind.
      item.setApiVersion(null);
      item.setKind(null);
      item.setServerAddressByClientCIDRs(List.of(new ServerAddressByClientCIDR("0.0.0.0/0", serverAddress)));
      items.add(item);
    }
    list.setGroups(items);
    return list;
  }

  public Optional<byte[]> group(String name) {
    return Optional.ofNullable(groupDocuments.get(name)).map(byte[]::clone);
  }

  public Optional<byte[]> resourceList(String group, String version) {
    return Optional.ofNullable(versionDocuments.get(group + "/" + version)).map(byte[]::clone);
  }

  static APIGroup apiGroup(ApiGroup group) {
    APIGroup apiGroup = new APIGroup();
    apiGroup.setApiVersion("v1");
    apiGroup.setKind("APIGroup");
    apiGroup.setName(group.name());
    apiGroup.setVersions(group.versionsByPreference().stream().map(v -> groupVersion(group, v)).toList());
    apiGroup.setPreferredVersion(groupVersion(group, group.preferredVersion()));
    return apiGroup;
  }

  private static GroupVersionForDiscovery groupVersion(ApiGroup group, String version) {
    return new GroupVersionForDiscovery(group.name() + "/" + version, version);
  }

  static APIResourceList apiResourceList(ApiGroup group, String version) {
    List<APIResource> resources = new ArrayList<>();
    for (ResourceStrategy strategy : group.resourcesIn(version)) {
      resources.add(resource(strategy));
      if (strategy.hasStatusSubresource()) {
        resources.add(statusSubresource(strategy));
      }
    }
    resources.sort(Comparator.comparing(APIResource::getName));
    APIResourceList list = new APIResourceList();
    list.setApiVersion("v1");
    list.setKind("APIResourceList");
    list.setGroupVersion(group.name() + "/" + version);
    list.setResources(resources);
    return list;
  }

  private static APIResource resource(ResourceStrategy strategy) {
    APIResource resource = new APIResource();
    resource.setName(strategy.resource());
    resource.setSingularName(strategy.singular());
    resource.setNamespaced(strategy.namespaced());
    resource.setKind(strategy.kind());
    resource.setVerbs(Verbs.RESOURCE);
    resource.setShortNames(nullIfEmpty(strategy.shortNames()));
    resource.setCategories(nullIfEmpty(strategy.categories()));
    resource.setStorageVersionHash(StorageVersionHash.of(strategy.group(), strategy.storageVersion(), strategy.kind()));
    return resource;
  }

  private static APIResource statusSubresource(ResourceStrategy strategy) {
    APIResource status = new APIResource();
    status.setName(strategy.resource() + "/status");
    // Kubernetes leaves the singular name of subresources empty, and says so.
    status.setSingularName("");
    status.setNamespaced(strategy.namespaced());
    status.setKind(strategy.kind());
    status.setVerbs(Verbs.STATUS);
    return status;
  }

  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }
}
