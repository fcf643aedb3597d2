package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * operator-framework/api's operatorhub checks (operatorhub.go, standardcapabilities, standardcategories): the
 * capability level and categories from OLM's lists, one icon of a known media type with valid base64, maintainers
 * with a name and an e-mail address, links and provider with absolute URLs, a description.
 */
final class OperatorHubCheck implements BundleCheck {
  static final String NAME = "operatorhub";
  static final Set<String> CAPABILITIES =
      Set.of("Basic Install", "Seamless Upgrades", "Full Lifecycle", "Deep Insights", "Auto Pilot");
  static final Set<String> CATEGORIES = Set.of("AI/Machine Learning", "Application Runtime", "Big Data",
      "Cloud Provider", "Database", "Developer Tools", "Drivers and plugins", "Integration & Delivery",
      "Logging & Tracing", "Modernization & Migration", "Monitoring", "Networking", "OpenShift Optional",
      "Security", "Storage", "Streaming & Messaging", "Observability");
  static final Set<String> ICON_TYPES = Set.of("image/gif", "image/jpeg", "image/png", "image/svg+xml");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  @Override
  public List<Finding> check(LoadedBundle bundle) {
    List<Finding> findings = new ArrayList<>();
    if (bundle.csvs().size() != 1) {
      return findings;
    }
    ObjectNode csv = bundle.csv();
    JsonNode annotations = csv.path("metadata").path("annotations");
    String capabilities = annotations.path("capabilities").asText("");
    if (!CAPABILITIES.contains(capabilities)) {
      findings.add(Finding.error(NAME, "csv.Metadata.Annotations.Capabilities \"" + capabilities
          + "\" is not one of " + CAPABILITIES));
    }
    for (String category : annotations.path("categories").asText("").split(",")) {
      if (!category.isBlank() && !CATEGORIES.contains(category.strip())) {
        findings.add(Finding.error(NAME, "category \"" + category.strip() + "\" is not a standard category"));
      }
    }
    JsonNode icons = csv.path("spec").path("icon");
    if (icons.size() != 1) {
      findings.add(Finding.warning(NAME, "csv.Spec.Icon should have exactly one icon, has " + icons.size()));
    }
    for (JsonNode icon : icons) {
      if (!ICON_TYPES.contains(icon.path("mediatype").asText())) {
        findings.add(Finding.error(NAME, "icon mediatype " + icon.path("mediatype").asText() + " is not one of " + ICON_TYPES));
      }
      try {
        if (Base64.getDecoder().decode(icon.path("base64data").asText("")).length == 0) {
          findings.add(Finding.error(NAME, "icon base64data is empty"));
        }
      } catch (IllegalArgumentException e) {
        findings.add(Finding.error(NAME, "icon base64data is not base64: " + e.getMessage()));
      }
    }
    for (JsonNode maintainer : csv.path("spec").path("maintainers")) {
      if (maintainer.path("name").asText("").isBlank()
          || !EMAIL.matcher(maintainer.path("email").asText("")).matches()) {
        findings.add(Finding.error(NAME, "maintainer " + maintainer + " needs a name and a valid email"));
      }
    }
    for (JsonNode link : csv.path("spec").path("links")) {
      if (link.path("name").asText("").isBlank() || !absoluteUrl(link.path("url").asText(""))) {
        findings.add(Finding.error(NAME, "link " + link + " needs a name and an absolute URL"));
      }
    }
    if (Yaml.text(csv, "spec.provider.name").isBlank()) {
      findings.add(Finding.error(NAME, "csv.Spec.Provider.Name is empty"));
    }
    String providerUrl = Yaml.text(csv, "spec.provider.url");
    if (!providerUrl.isEmpty() && !absoluteUrl(providerUrl)) {
      findings.add(Finding.error(NAME, "csv.Spec.Provider.URL \"" + providerUrl + "\" is not an absolute URL"));
    }
    if (Yaml.text(csv, "spec.description").isBlank()) {
      findings.add(Finding.error(NAME, "csv.Spec.Description is empty"));
    }
    return findings;
  }

  private static boolean absoluteUrl(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute() && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
