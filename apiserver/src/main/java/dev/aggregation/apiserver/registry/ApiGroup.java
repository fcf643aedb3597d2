package dev.aggregation.apiserver.registry;

import java.util.List;

/**
 * An API group the server serves: its versions, most preferred first, and its kinds. A kind may be served in
 * a subset of the group's versions (Fischer is v1alpha1 only).
 */
public record ApiGroup(String name, List<String> versionsByPreference, List<ResourceStrategy> resources) {
  public ApiGroup {
    versionsByPreference = List.copyOf(versionsByPreference);
    resources = List.copyOf(resources);
    for (ResourceStrategy r : resources) {
      if (!r.group().equals(name)) {
        throw new IllegalArgumentException("resource " + r.resource() + " belongs to group " + r.group() + ", not " + name);
      }
      for (VersionDefinition v : r.versions()) {
        if (!versionsByPreference.contains(v.name())) {
          throw new IllegalArgumentException("resource " + r.resource() + " serves version " + v.name() + " that group " + name + " does not list");
        }
      }
    }
  }

  public String preferredVersion() {
    return versionsByPreference.get(0);
  }

  /** The kinds served in {@code version}. */
  public List<ResourceStrategy> resourcesIn(String version) {
    return resources.stream().filter(r -> r.version(version) != null).toList();
  }
}
