package dev.aggregation.apiserver.admission.webhook;

import dev.aggregation.apiserver.machinery.selection.LabelRequirement;
import dev.aggregation.apiserver.machinery.selection.Operator;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** metav1.LabelSelectorAsSelector over fabric8's LabelSelector, matching with the engine's label requirements. */
final class Selectors {
  private Selectors() {}

  static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  /**
   * Whether {@code labels} satisfy {@code selector}.
   *
   * @throws IllegalArgumentException for a selector Kubernetes could not convert (bad key, operator, values)
   */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return requirements(selector).stream().allMatch(r -> r.matches(labels == null ? Map.of() : labels));
  }

  private static List<LabelRequirement> requirements(LabelSelector selector) {
    List<LabelRequirement> requirements = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((k, v) -> requirements.add(LabelRequirement.of(k, Operator.EQUALS, List.of(v))));
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
        Operator operator = switch (String.valueOf(expression.getOperator())) {
          case "In" -> Operator.IN;
          case "NotIn" -> Operator.NOT_IN;
          case "Exists" -> Operator.EXISTS;
          case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
          default -> throw new IllegalArgumentException("\"" + expression.getOperator() + "\" is not a valid label selector operator");
        };
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        requirements.add(LabelRequirement.of(expression.getKey(), operator, values));
      }
    }
    return requirements;
  }
}
