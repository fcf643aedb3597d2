package dev.aggregation.apiserver.machinery.selection;

import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GoLiteral;
import dev.aggregation.apiserver.machinery.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One term of a label selector: {@code key}, {@code operator} and its values (sorted and without duplicates when
 * parsed, as Kubernetes keeps them in a set). Build one with {@link #of}, which validates like
 * labels.NewRequirement.
 */
public record LabelRequirement(String key, Operator operator, List<String> values) {
  public LabelRequirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /**
   * Validates like labels.NewRequirement and returns the requirement, or throws with the aggregated field errors
   * as Kubernetes formats them ({@code values[0][k]: Invalid value: "v": ...}; several in {@code [..., ...]}).
   */
  public static LabelRequirement of(String key, Operator operator, List<String> values) {
    List<FieldError> errors = new ArrayList<>();
    List<String> keyProblems = NameRules.isQualifiedName(key);
    if (!keyProblems.isEmpty()) {
      errors.add(FieldError.invalid("key", key, String.join("; ", keyProblems)));
    }
    switch (operator) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errors.add(
              FieldError.invalid(
                  "values", GoLiteral.stringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errors.add(
              FieldError.invalid(
                  "values", GoLiteral.stringSlice(values), "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errors.add(
              FieldError.invalid(
                  "values", GoLiteral.stringSlice(values), "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errors.add(
              FieldError.invalid(
                  "values", GoLiteral.stringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < values.size(); i++) {
          if (parseInt64(values.get(i)) == null) {
            errors.add(
                FieldError.invalid(
                    "values[" + i + "]", values.get(i), "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      List<String> problems = NameRules.isValidLabelValue(values.get(i));
      if (!problems.isEmpty()) {
        errors.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i), String.join("; ", problems)));
      }
    }
    if (!errors.isEmpty()) {
      throw new SelectorParseException(aggregate(errors));
    }
    return new LabelRequirement(key, operator, values);
  }

  /** utilerrors.Aggregate's text: one message alone, several de-duplicated inside {@code [a, b]}. */
  static String aggregate(List<FieldError> errors) {
    List<String> messages = errors.stream().map(FieldError::message).distinct().toList();
    return messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
  }

  /** Requirement.Matches. */
  public boolean matches(Map<String, String> labels) {
    return switch (operator) {
      // one lookup: a label's value is never null, so an absent key and a value outside the set read the same
      case IN, EQUALS, DOUBLE_EQUALS -> contains(labels.get(key));
      case NOT_IN, NOT_EQUALS -> !contains(labels.get(key));
      case EXISTS -> labels.containsKey(key);
      case DOES_NOT_EXIST -> !labels.containsKey(key);
      case GREATER_THAN, LESS_THAN -> compares(labels.get(key));
    };
  }

  private boolean contains(String labelValue) {
    if (labelValue == null) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).equals(labelValue)) {
        return true;
      }
    }
    return false;
  }

  private boolean compares(String labelValue) {
    if (labelValue == null || values.size() != 1) {
      return false;
    }
    Long actual = parseInt64(labelValue);
    Long bound = parseInt64(values.get(0));
    if (actual == null || bound == null) {
      return false;
    }
    return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
  }

  /** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits only. */
  static Long parseInt64(String s) {
    if (s.isEmpty()) {
      return null;
    }
    int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length()) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException outOfRange) {
      return null;
    }
  }

  /** Requirement.String: {@code !k}, {@code k}, {@code k=v}, {@code k in (a,b)}, {@code k>1}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) {
      sb.append('!');
    }
    sb.append(key);
    switch (operator) {
      case EQUALS -> sb.append('=');
      case DOUBLE_EQUALS -> sb.append("==");
      case NOT_EQUALS -> sb.append("!=");
      case IN -> sb.append(" in ");
      case NOT_IN -> sb.append(" notin ");
      case GREATER_THAN -> sb.append('>');
      case LESS_THAN -> sb.append('<');
      case EXISTS, DOES_NOT_EXIST -> {
        return sb.toString();
      }
    }
    String joined = values.stream().sorted().collect(Collectors.joining(","));
    return operator == Operator.IN || operator == Operator.NOT_IN
        ? sb.append('(').append(joined).append(')').toString()
        : sb.append(joined).toString();
  }
}
