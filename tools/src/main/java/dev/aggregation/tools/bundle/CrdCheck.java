package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * operator-framework/api's CRD validator (crd.go), which runs apiextensions' ValidateCustomResourceDefinition
 * outside the schema: the rules of that function a bundle can break are checked here (name = plural.group, group
 * with a dot, lower-case DNS names, scope, versions unique with exactly one storage version and a schema each).
 */
final class CrdCheck implements BundleCheck {
  static final String NAME = "crd";
  private static final Pattern DNS1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DNS1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    for (ObjectNode crd : bundle.crds()) {
      String name = Yaml.text(crd, "metadata.name");
      String group = Yaml.text(crd, "spec.group");
      String plural = Yaml.text(crd, "spec.names.plural");
      if (!"apiextensions.k8s.io/v1".equals(Yaml.text(crd, "apiVersion"))) {
        findings.add(Finding.error(NAME, name + ": apiextensions.k8s.io/v1beta1 CRDs are gone since Kubernetes 1.22"));
      }
      if (!name.equals(plural + "." + group)) {
        findings.add(Finding.error(NAME, name + ": metadata.name must be spec.names.plural+\".\"+spec.group"));
      }
      if (!group.contains(".") || !CsvCheck.DNS1123_SUBDOMAIN.matcher(group).matches()) {
        findings.add(Finding.error(NAME, name + ": spec.group should be a domain with at least one dot"));
      }
      if (!DNS1035_LABEL.matcher(plural).matches()) {
        findings.add(Finding.error(NAME, name + ": spec.names.plural must be a DNS-1035 label"));
      }
      String singular = Yaml.text(crd, "spec.names.singular");
      if (!singular.isEmpty() && !DNS1035_LABEL.matcher(singular).matches()) {
        findings.add(Finding.error(NAME, name + ": spec.names.singular must be a DNS-1035 label"));
      }
      if (Yaml.text(crd, "spec.names.kind").isEmpty()) {
        findings.add(Finding.error(NAME, name + ": spec.names.kind is required"));
      }
      String scope = Yaml.text(crd, "spec.scope");
      if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
        findings.add(Finding.error(NAME, name + ": spec.scope must be Namespaced or Cluster"));
      }
      versions(crd, name, findings);
    }
    return findings;
  }

  private static void versions(ObjectNode crd, String name, List<Finding> findings) {
    JsonNode versions = crd.path("spec").path("versions");
    if (!versions.isArray() || versions.isEmpty()) {
      findings.add(Finding.error(NAME, name + ": spec.versions must have at least one version"));
      return;
    }
    Set<String> names = new HashSet<>();
    int storage = 0;
    boolean served = false;
    for (JsonNode version : versions) {
      String versionName = version.path("name").asText();
      if (!DNS1123_LABEL.matcher(versionName).matches()) {
        findings.add(Finding.error(NAME, name + ": version " + versionName + " must be a DNS-1123 label"));
      }
      if (!names.add(versionName)) {
        findings.add(Finding.error(NAME, name + ": version " + versionName + " is listed twice"));
      }
      storage += version.path("storage").asBoolean(false) ? 1 : 0;
      served |= version.path("served").asBoolean(false);
      if (!version.path("schema").path("openAPIV3Schema").isObject()) {
        findings.add(Finding.error(NAME, name + ": version " + versionName + " has no schema.openAPIV3Schema"));
      }
    }
    if (storage != 1) {
      findings.add(Finding.error(NAME, name + ": must have exactly one version marked as storage version"));
    }
    if (!served) {
      findings.add(Finding.error(NAME, name + ": must have at least one served version"));
    }
  }
}
