package dev.aggregation.e2e;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * kube-aggregator's /apis from APIServices: only Available ones; groups by their highest groupPriorityMinimum
 * (then name), versions by versionPriority, then Kubernetes' version order; the first version is preferred.
 */
final class AggregatedDiscovery {
  private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  private AggregatedDiscovery() {}

  static List<APIGroup> groups(List<APIService> apiServices) {
    Map<String, List<APIService>> byGroup = apiServices.stream()
        .filter(AggregatedDiscovery::isAvailable)
        .collect(Collectors.groupingBy(a -> a.getSpec().getGroup(), LinkedHashMap::new, Collectors.toList()));
    List<APIGroup> groups = new ArrayList<>();
    byGroup.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, List<APIService>>>comparingInt(e -> -e.getValue().stream()
            .mapToInt(a -> a.getSpec().getGroupPriorityMinimum()).max().orElse(0)).thenComparing(Map.Entry::getKey))
        .forEach(entry -> {
          List<GroupVersionForDiscovery> versions = entry.getValue().stream()
              .sorted(Comparator.comparingInt((APIService a) -> -a.getSpec().getVersionPriority())
                  .thenComparing(a -> a.getSpec().getVersion(), AggregatedDiscovery::compareVersions))
              .map(a -> new GroupVersionForDiscovery(entry.getKey() + "/" + a.getSpec().getVersion(),
                  a.getSpec().getVersion()))
              .toList();
          groups.add(new APIGroupBuilder().withName(entry.getKey()).withVersions(versions)
              .withPreferredVersion(versions.get(0)).build());
        });
    return groups;
  }

  static boolean isAvailable(APIService apiService) {
    return apiService.getStatus() != null && apiService.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
  }

  /**
   * k8s.io/apimachinery's version.CompareKubeAwareVersionStrings, first before: GA before beta before alpha,
   * higher major then higher minor first; names that are not Kubernetes versions last, alphabetically.
   */
  static int compareVersions(String a, String b) {
    Matcher left = KUBE_VERSION.matcher(a);
    Matcher right = KUBE_VERSION.matcher(b);
    if (!left.matches() || !right.matches()) {
      return left.matches() ? -1 : right.matches() ? 1 : a.compareTo(b);
    }
    int byStability = Integer.compare(stability(right.group(2)), stability(left.group(2)));
    if (byStability != 0) {
      return byStability;
    }
    int byMajor = Long.compare(Long.parseLong(right.group(1)), Long.parseLong(left.group(1)));
    if (byMajor != 0 || left.group(3) == null) {
      return byMajor;
    }
    return Long.compare(Long.parseLong(right.group(3)), Long.parseLong(left.group(3)));
  }

  private static int stability(String level) {
    return level == null ? 2 : level.equals("beta") ? 1 : 0;
  }
}
