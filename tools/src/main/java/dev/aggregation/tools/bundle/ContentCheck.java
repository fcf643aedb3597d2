package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * operator-framework/api's bundle validator (bundle.go) and what OLM accepts in manifests/: every owned CRD
 * present and every CRD owned, no duplicate CRD, no ServiceAccount object named like a CSV ServiceAccount, only
 * the kinds OLM creates, valid relatedImages pullspecs covering every image the CSV runs, size under 1 MiB
 * compressed.
 */
final class ContentCheck implements BundleCheck {
  static final String NAME = "bundle";
  static final long MAX_COMPRESSED_BYTES = 1 << 20;
  /** operator-lifecycle-manager's supported bundle object kinds (besides CSV and CRD). */
  static final Set<String> SUPPORTED_KINDS = Set.of("Secret", "ClusterRole", "ClusterRoleBinding", "ConfigMap",
      "ServiceAccount", "Service", "Role", "RoleBinding", "PrometheusRule", "ServiceMonitor", "PodDisruptionBudget",
      "PriorityClass", "VerticalPodAutoscaler", "ConsoleYAMLSample", "ConsoleQuickStart", "ConsoleCLIDownload",
      "ConsoleLink", "ConsolePlugin", "NetworkPolicy");
  /** A container image reference: [registry/]repository[:tag][@digest], lower-case repository. */
  static final Pattern PULLSPEC = Pattern.compile(
      "^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
          + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    if (bundle.csvs().size() != 1) {
      return findings;
    }
    ObjectNode csv = bundle.csv();
    ownedCrds(bundle, csv, findings);
    for (ObjectNode object : bundle.others()) {
      String kind = Yaml.text(object, "kind");
      if (!SUPPORTED_KINDS.contains(kind)) {
        findings.add(Finding.error(NAME, kind + " " + Yaml.text(object, "metadata.name")
            + " is not a kind OLM creates from a bundle"));
      }
      if ("ServiceAccount".equals(kind) && serviceAccounts(csv).contains(Yaml.text(object, "metadata.name"))) {
        findings.add(Finding.error(NAME, "ServiceAccount " + Yaml.text(object, "metadata.name")
            + " has the name of a ServiceAccount of the CSV's install strategy"));
      }
    }
    relatedImages(bundle, csv, findings);
    if (bundle.compressedBytes() > MAX_COMPRESSED_BYTES) {
      findings.add(Finding.error(NAME, "manifests are " + bundle.compressedBytes() + " bytes compressed, over 1 MiB"));
    } else if (bundle.compressedBytes() > MAX_COMPRESSED_BYTES * 85 / 100) {
      findings.add(Finding.warning(NAME, "manifests are " + bundle.compressedBytes()
          + " bytes compressed, over 85% of the 1 MiB limit"));
    }
    return findings;
  }

  private static void ownedCrds(LoadedBundle bundle, ObjectNode csv, List<Finding> findings) {
    Map<String, Integer> inBundle = new HashMap<>();
    for (ObjectNode crd : bundle.crds()) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        inBundle.merge(Yaml.text(crd, "spec.group") + "/" + version.path("name").asText() + "/"
            + Yaml.text(crd, "spec.names.kind"), 1, Integer::sum);
      }
    }
    inBundle.forEach((key, count) -> {
      if (count > 1) {
        findings.add(Finding.error(NAME, "duplicate CRD " + key + " in bundle"));
      }
    });
    Set<String> unowned = new HashSet<>(inBundle.keySet());
    for (JsonNode owned : csv.path("spec").path("customresourcedefinitions").path("owned")) {
      String name = owned.path("name").asText();
      String group = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
      String key = group + "/" + owned.path("version").asText() + "/" + owned.path("kind").asText();
      if (!inBundle.containsKey(key)) {
        findings.add(Finding.error(NAME, "owned CRD " + key + " not found in bundle"));
      }
      unowned.remove(key);
    }
    unowned.forEach(key -> findings.add(Finding.warning(NAME, "CRD " + key + " is present in bundle but not defined in CSV")));
  }

  private static Set<String> serviceAccounts(ObjectNode csv) {
    Set<String> accounts = new HashSet<>();
    for (String kind : List.of("permissions", "clusterPermissions")) {
      csv.path("spec").path("install").path("spec").path(kind)
          .forEach(p -> accounts.add(p.path("serviceAccountName").asText()));
    }
    return accounts;
  }

  /** Mirrors and digest pinning (disconnected installs) only cover images listed here. */
  private static void relatedImages(LoadedBundle bundle, ObjectNode csv, List<Finding> findings) {
    Set<String> related = new HashSet<>();
    for (JsonNode image : csv.path("spec").path("relatedImages")) {
      String reference = image.path("image").asText();
      if (!PULLSPEC.matcher(reference).matches()) {
        findings.add(Finding.error(NAME, "relatedImages " + image.path("name").asText() + ": \"" + reference
            + "\" is not an image reference"));
      }
      related.add(reference);
    }
    for (JsonNode deployment : bundle.deployments()) {
      for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
        List<String> used = new ArrayList<>();
        used.add(container.path("image").asText());
        for (JsonNode env : container.path("env")) {
          if (env.path("name").asText().startsWith(BundleGenerator.RELATED_IMAGE_PREFIX)) {
            used.add(env.path("value").asText());
          }
        }
        used.stream().filter(image -> !related.contains(image)).forEach(image ->
            findings.add(Finding.error(NAME, "image " + image + " of deployment " + deployment.path("name").asText()
                + " is not in spec.relatedImages")));
      }
    }
  }
}
