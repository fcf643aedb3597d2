package dev.aggregation.apiserver.machinery.selection;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed {@code labelSelector} with Kubernetes' grammar and messages (k8s.io/apimachinery/pkg/labels): {@code
 * k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>1},
 * {@code k<1}; a comma means AND. Hand-written: no Java library implements this grammar; fabric8 only builds
 * selector strings on the client side.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<LabelRequirement> requirements;

  private LabelSelector(List<LabelRequirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that matches every object (an absent or empty {@code labelSelector}). */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses like labels.Parse. Requirements are kept sorted by key, as Kubernetes does.
   *
   * @throws SelectorParseException with Kubernetes' message; the engine answers 400 BadRequest with it
   */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return EVERYTHING;
    }
    List<LabelRequirement> parsed =
        LabelSelectorParser.parse(selector).stream()
            .sorted(Comparator.comparing(LabelRequirement::key))
            .toList();
    return parsed.isEmpty() ? EVERYTHING : new LabelSelector(parsed);
  }

  public List<LabelRequirement> requirements() {
    return requirements;
  }

  /** True when the selector does not restrict anything. */
  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** True when every requirement holds for {@code labels} (null means no labels). */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    // a loop, not a stream: this runs per object of every filtered list and watch event
    for (int i = 0; i < requirements.size(); i++) {
      if (!requirements.get(i).matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The single value {@code label} must have for the selector to match ({@code label=v}, {@code label==v} or
   * {@code label in (v)}), as Selector.RequiresExactMatch; empty otherwise.
   */
  public Optional<String> requiresExactMatch(String label) {
    for (LabelRequirement r : requirements) {
      if (r.key().equals(label)) {
        boolean exact =
            r.operator() == Operator.EQUALS || r.operator() == Operator.DOUBLE_EQUALS || r.operator() == Operator.IN;
        return exact && r.values().size() == 1 ? Optional.of(r.values().get(0)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The canonical form Kubernetes prints: requirements by key, joined with commas. */
  @Override
  public String toString() {
    return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}
