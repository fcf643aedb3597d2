package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * operator-framework/api's CSV validator (csv.go) and the checks OLM applies on install: the name
 * {@code <operator>.vX.Y.Z} as a DNS-1123 subdomain, the same for replaces; alm-examples parse and name only
 * provided APIs; install modes present, unique, one supported; the mandatory fields; minKubeVersion a semantic
 * version; case-sensitive annotation keys; an upgrade edge that points backwards and a skipRange that excludes
 * the release itself.
 */
final class CsvCheck implements BundleCheck {
  static final String NAME = "csv";
  static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  static final Set<String> INSTALL_MODES = Set.of("OwnNamespace", "SingleNamespace", "MultiNamespace", "AllNamespaces");

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    if (bundle.csvs().size() != 1) {
      findings.add(Finding.error(NAME, "a bundle has exactly one ClusterServiceVersion, found " + bundle.csvs().size()));
      return findings;
    }
    ObjectNode csv = bundle.csv();
    String name = Yaml.text(csv, "metadata.name");
    if (!"operators.coreos.com/v1alpha1".equals(Yaml.text(csv, "apiVersion"))) {
      findings.add(Finding.error(NAME, "apiVersion must be operators.coreos.com/v1alpha1"));
    }
    nameFormat(name).ifPresentOrElse(v -> {
      if (!v.toString().equals(Yaml.text(csv, "spec.version"))) {
        findings.add(Finding.error(NAME, "metadata.name " + name + " and spec.version " + Yaml.text(csv, "spec.version")
            + " differ"));
      }
    }, () -> findings.add(Finding.error(NAME, "metadata.name \"" + name + "\" must have format {operator name}.(v)X.Y.Z")));
    if (!SemVer.isValid(Yaml.text(csv, "spec.version"))) {
      findings.add(Finding.error(NAME, "spec.version \"" + Yaml.text(csv, "spec.version") + "\" is not a semantic version"));
    }
    String replaces = Yaml.text(csv, "spec.replaces");
    if (!replaces.isEmpty()) {
      nameFormat(replaces).ifPresentOrElse(previous -> {
        if (SemVer.isValid(Yaml.text(csv, "spec.version"))
            && previous.compareTo(SemVer.parse(Yaml.text(csv, "spec.version"))) >= 0) {
          findings.add(Finding.error(NAME, "spec.replaces " + replaces + " is not older than this release"));
        }
      }, () -> findings.add(Finding.error(NAME, "spec.replaces \"" + replaces + "\" must have format {operator name}.(v)X.Y.Z")));
    }
    annotationKeys(csv, findings);
    skipRange(csv, findings);
    examples(csv, findings);
    installModes(csv, findings);
    mandatoryFields(csv, findings);
    String minKube = Yaml.text(csv, "spec.minKubeVersion");
    if (minKube.isEmpty()) {
      findings.add(Finding.warning(NAME, "spec.minKubeVersion is not set"));
    } else if (!SemVer.isValid(minKube.startsWith("v") ? minKube.substring(1) : minKube)) {
      findings.add(Finding.error(NAME, "spec.minKubeVersion \"" + minKube + "\" is not a semantic version"));
    }
    return findings;
  }

  static java.util.Optional<SemVer> nameFormat(String name) {
    int dot = name.indexOf('.');
    if (!DNS1123_SUBDOMAIN.matcher(name).matches() || name.length() > 253 || dot < 0) {
      return java.util.Optional.empty();
    }
    String version = name.substring(dot + 1).replaceFirst("^v+", "");
    return SemVer.isValid(version) ? java.util.Optional.of(SemVer.parse(version)) : java.util.Optional.empty();
  }

  /** annotations.go: OLM reads these keys case-sensitively. */
  private static void annotationKeys(ObjectNode csv, List<Finding> findings) {
    csv.path("metadata").path("annotations").fieldNames().forEachRemaining(key -> {
      for (String known : List.of(UpgradeEdge.SKIP_RANGE, "olm.operatorGroup", "olm.operatorNamespace",
          "olm.targetNamespaces", "olm.providedAPIs")) {
        if (key.equalsIgnoreCase(known) && !key.equals(known)) {
          findings.add(Finding.error(NAME, "provided annotation " + key + " uses wrong case and should be " + known + " instead"));
        }
      }
      if (key.equals("olm.properties")) {
        findings.add(Finding.warning(NAME, "found olm.properties annotation, define these in metadata/properties.yaml instead"));
      }
    });
  }

  private static void skipRange(ObjectNode csv, List<Finding> findings) {
    UpgradeEdge.skipRangeOf(csv).ifPresent(text -> {
      try {
        SemVerRange range = SemVerRange.parse(text);
        String version = Yaml.text(csv, "spec.version");
        if (SemVer.isValid(version) && range.contains(SemVer.parse(version))) {
          findings.add(Finding.error(NAME, "olm.skipRange \"" + text + "\" contains the release itself (" + version + ")"));
        }
        nameFormat(Yaml.text(csv, "spec.replaces")).ifPresent(previous -> {
          if (!range.contains(previous)) {
            findings.add(Finding.warning(NAME, "olm.skipRange \"" + text + "\" does not contain the replaced release "
                + previous));
          }
        });
      } catch (IllegalArgumentException e) {
        findings.add(Finding.error(NAME, "olm.skipRange: " + e.getMessage()));
      }
    });
  }

  /** csv.go validateExamplesAnnotations: every example names a provided API; every provided API has one. */
  private static void examples(ObjectNode csv, List<Finding> findings) {
    JsonNode annotations = csv.path("metadata").path("annotations");
    String text = annotations.has("alm-examples") ? annotations.get("alm-examples").asText()
        : annotations.path("olm.examples").asText("");
    if (text.isEmpty()) {
      findings.add(Finding.warning(NAME, "example annotations not found"));
      return;
    }
    JsonNode examples;
    try {
      examples = Yaml.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      findings.add(Finding.error(NAME, "error decoding example CustomResource: " + e.getOriginalMessage()));
      return;
    }
    if (!examples.isArray()) {
      findings.add(Finding.error(NAME, "alm-examples is not a JSON array"));
      return;
    }
    Set<String> provided = new HashSet<>();
    for (JsonNode owned : csv.path("spec").path("customresourcedefinitions").path("owned")) {
      String crdName = owned.path("name").asText();
      int dot = crdName.indexOf('.');
      if (dot < 0) {
        findings.add(Finding.error(NAME, "couldn't parse plural.group from crd name: " + crdName));
        continue;
      }
      provided.add(crdName.substring(dot + 1) + "/" + owned.path("version").asText() + "/" + owned.path("kind").asText());
    }
    Set<String> exampled = new HashSet<>();
    for (JsonNode example : examples) {
      String apiVersion = example.path("apiVersion").asText();
      String gvk = (apiVersion.contains("/") ? apiVersion : "/" + apiVersion) + "/" + example.path("kind").asText();
      exampled.add(gvk);
      if (!provided.contains(gvk)) {
        findings.add(Finding.error(NAME, "example must have a provided API: " + gvk));
      }
      if (!example.path("spec").isObject()) {
        findings.add(Finding.warning(NAME, "example " + example.path("metadata").path("name").asText()
            + " has no spec (scorecard basic-check-spec)"));
      }
    }
    provided.stream().filter(api -> !exampled.contains(api)).forEach(api ->
        findings.add(Finding.warning(NAME, "provided API should have an example annotation: " + api)));
  }

  private static void installModes(ObjectNode csv, List<Finding> findings) {
    JsonNode modes = csv.path("spec").path("installModes");
    if (!modes.isArray() || modes.isEmpty()) {
      findings.add(Finding.error(NAME, "install modes not found"));
      return;
    }
    Set<String> seen = new HashSet<>();
    boolean anySupported = false;
    for (JsonNode mode : modes) {
      String type = mode.path("type").asText();
      if (!INSTALL_MODES.contains(type)) {
        findings.add(Finding.error(NAME, "unknown install mode " + type));
      }
      if (!seen.add(type)) {
        findings.add(Finding.error(NAME, "duplicate install modes present"));
      } else if (mode.path("supported").asBoolean(false)) {
        anySupported = true;
      }
    }
    if (!anySupported) {
      findings.add(Finding.error(NAME, "none of InstallModeTypes are supported"));
    }
  }

  /** The fields of the Go CSV type without omitempty, and the install strategy OLM can run. */
  private static void mandatoryFields(ObjectNode csv, List<Finding> findings) {
    if (Yaml.text(csv, "spec.displayName").isEmpty()) {
      findings.add(Finding.error(NAME, "spec.displayName is mandatory"));
    }
    if (!"deployment".equals(Yaml.text(csv, "spec.install.strategy"))) {
      findings.add(Finding.error(NAME, "spec.install.strategy must be deployment"));
    }
    JsonNode deployments = csv.path("spec").path("install").path("spec").path("deployments");
    if (!deployments.isArray() || deployments.isEmpty()) {
      findings.add(Finding.error(NAME, "spec.install.spec.deployments is empty"));
    }
    for (JsonNode deployment : deployments) {
      if (deployment.path("name").asText("").isEmpty() || !deployment.path("spec").path("template").isObject()) {
        findings.add(Finding.error(NAME, "every install deployment needs a name and a spec with a pod template"));
      }
    }
    for (String kind : List.of("permissions", "clusterPermissions")) {
      for (JsonNode permission : csv.path("spec").path("install").path("spec").path(kind)) {
        if (permission.path("serviceAccountName").asText("").isEmpty() || !permission.path("rules").isArray()) {
          findings.add(Finding.error(NAME, kind + " entries need a serviceAccountName and rules"));
        }
      }
    }
    for (String optional : List.of("description", "provider.name", "maintainers", "links", "icon", "keywords")) {
      JsonNode value = csv.path("spec");
      for (String field : optional.split("\\.")) {
        value = value.path(field);
      }
      if (value.isMissingNode() || value.isNull() || (value.isContainerNode() && value.isEmpty())
          || (value.isTextual() && value.asText().isBlank())) {
        findings.add(Finding.warning(NAME, "spec." + optional + " is empty"));
      }
    }
  }
}
