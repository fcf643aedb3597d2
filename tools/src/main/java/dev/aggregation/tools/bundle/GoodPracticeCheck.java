package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * operator-framework/api's good-practices validator (good_practices.go): CPU and memory requests on every
 * container, channel names after OLM's convention (candidate, fast, stable), no permission to create CRDs, a
 * description on every owned CRD.
 */
final class GoodPracticeCheck implements BundleCheck {
  static final String NAME = "good-practices";

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    if (bundle.csvs().size() != 1) {
      return findings;
    }
    if (bundle.deployments().isEmpty()) {
      findings.add(Finding.error(NAME, "unable to find a deployment to install in the CSV"));
    }
    for (JsonNode deployment : bundle.deployments()) {
      for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
        JsonNode requests = container.path("resources").path("requests");
        if (!requests.hasNonNull("cpu") || !requests.hasNonNull("memory")) {
          findings.add(Finding.warning(NAME, "unable to find the resource requests for the container: ("
              + container.path("name").asText() + ")"));
        }
      }
    }
    List<String> channels = new ArrayList<>(List.of(
        bundle.annotations().getOrDefault(BundleLayout.CHANNELS_KEY, "").split(",")));
    channels.add(bundle.annotations().getOrDefault(BundleLayout.DEFAULT_CHANNEL_KEY, ""));
    List<String> unconventional = channels.stream().map(String::strip).filter(c -> !c.isEmpty())
        .filter(c -> !c.startsWith("candidate") && !c.startsWith("fast") && !c.startsWith("stable"))
        .distinct().toList();
    if (!unconventional.isEmpty()) {
      findings.add(Finding.warning(NAME, "channel(s) " + unconventional
          + " are not following the recommended naming convention"));
    }
    for (String kind : List.of("permissions", "clusterPermissions")) {
      for (JsonNode permission : bundle.csv().path("spec").path("install").path("spec").path(kind)) {
        for (JsonNode rule : permission.path("rules")) {
          if (contains(rule.path("apiGroups"), "apiextensions.k8s.io")
              && (contains(rule.path("resources"), "customresourcedefinitions"))
              && (contains(rule.path("verbs"), "create"))) {
            findings.add(Finding.warning(NAME, "CSV contains permissions to create CRD: the operator should not "
                + "manage CRDs, OLM does"));
          }
        }
      }
    }
    for (JsonNode owned : bundle.csv().path("spec").path("customresourcedefinitions").path("owned")) {
      if (owned.path("description").asText("").isBlank()) {
        findings.add(Finding.warning(NAME, "owned CRD " + owned.path("name").asText() + " has no description"));
      }
    }
    return findings;
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (item.asText().equals(value) || item.asText().equals("*")) {
        return true;
      }
    }
    return false;
  }
}
