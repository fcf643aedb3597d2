package dev.aggregation.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads --audit-policy-file: an audit.k8s.io/v1 Policy in YAML or JSON, validated as k8s.io/apiserver's
 * policy reader does (levels, stages, non-resource URLs, rules that mix resources and URLs). A policy with no
 * rules is refused, as Kubernetes refuses it.
 */
public final class PolicyLoader {
  static final String API_VERSION = "audit.k8s.io/v1";

  private final YAMLMapper yaml = new YAMLMapper();

  public Policy load(Path file) throws IOException {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("failed to read file path \"" + file + "\": " + e.getMessage(), e);
    }
    JsonNode tree;
    try {
      tree = yaml.readTree(content);
    } catch (IOException e) {
      throw new IOException("failed decoding file \"" + file + "\": " + e.getMessage(), e);
    }
    try {
      return parse(tree);
    } catch (IllegalArgumentException e) {
      throw new IOException("failed decoding file \"" + file + "\": " + e.getMessage(), e);
    }
  }

  Policy parse(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("the policy is not an object");
    }
    String apiVersion = tree.path("apiVersion").asText("");
    String kind = tree.path("kind").asText("");
    if (!"Policy".equals(kind) || !API_VERSION.equals(apiVersion)) {
      throw new IllegalArgumentException(
          "expected kind Policy of " + API_VERSION + ", got kind \"" + kind + "\" of \"" + apiVersion + "\"");
    }
    List<String> errors = new ArrayList<>();
    Set<Stage> omitStages = stages(tree.path("omitStages"), "omitStages", errors);
    List<PolicyRule> rules = new ArrayList<>();
    JsonNode ruleNodes = tree.path("rules");
    for (int i = 0; i < ruleNodes.size(); i++) {
      rules.add(rule(ruleNodes.get(i), "rules[" + i + "]", errors));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("loaded illegal policy with 0 rules");
    }
    return new Policy(rules, omitStages, tree.path("omitManagedFields").asBoolean(false));
  }

  private static PolicyRule rule(JsonNode node, String path, List<String> errors) {
    String levelText = node.path("level").asText("");
    Level level = Level.parse(levelText);
    if (levelText.isEmpty()) {
      errors.add(path + ".level: Required value");
    } else if (level == null) {
      errors.add(path + ".level: Unsupported value: \"" + levelText
          + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
    }
    List<String> nonResourceUrls = strings(node.path("nonResourceURLs"));
    List<PolicyRule.GroupResources> resources = new ArrayList<>();
    JsonNode resourceNodes = node.path("resources");
    for (int j = 0; j < resourceNodes.size(); j++) {
      JsonNode gr = resourceNodes.get(j);
      List<String> names = strings(gr.path("resourceNames"));
      List<String> res = strings(gr.path("resources"));
      if (!names.isEmpty() && res.isEmpty()) {
        errors.add(path + ".resources[" + j + "].resourceNames: Invalid value: " + names
            + ": using resourceNames requires at least one resource");
      }
      resources.add(new PolicyRule.GroupResources(gr.path("group").asText(""), res, names));
    }
    List<String> namespaces = strings(node.path("namespaces"));
    if (!nonResourceUrls.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
      errors.add(path + ".nonResourceURLs: Invalid value: " + nonResourceUrls
          + ": rules cannot apply to both regular resources and non-resource URLs");
    }
    for (int j = 0; j < nonResourceUrls.size(); j++) {
      String url = nonResourceUrls.get(j);
      if (url.equals("*")) {
        continue;
      }
      if (!url.startsWith("/")) {
        errors.add(path + ".nonResourceURLs[" + j + "]: Invalid value: \"" + url
            + "\": non-resource URL rules must begin with a '/' character");
      }
      if (url.indexOf('*') >= 0 && url.indexOf('*') != url.length() - 1) {
        errors.add(path + ".nonResourceURLs[" + j + "]: Invalid value: \"" + url
            + "\": non-resource URL wildcards '*' must be the final character of the rule");
      }
    }
    JsonNode omitManaged = node.get("omitManagedFields");
    return new PolicyRule(
        level == null ? Level.NONE : level,
        strings(node.path("users")),
        strings(node.path("userGroups")),
        strings(node.path("verbs")),
        resources,
        namespaces,
        nonResourceUrls,
        stages(node.path("omitStages"), path + ".omitStages", errors),
        omitManaged == null || omitManaged.isNull() ? null : omitManaged.asBoolean());
  }

  private static Set<Stage> stages(JsonNode node, String path, List<String> errors) {
    Set<Stage> stages = EnumSet.noneOf(Stage.class);
    for (int i = 0; i < node.size(); i++) {
      String text = node.get(i).asText("");
      Stage stage = Stage.parse(text);
      if (stage == null) {
        errors.add(path + "[" + i + "]: Unsupported value: \"" + text
            + "\": supported values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
      } else {
        stages.add(stage);
      }
    }
    return stages;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }
}
