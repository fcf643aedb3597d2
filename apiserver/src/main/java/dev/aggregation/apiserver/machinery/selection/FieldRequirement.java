package dev.aggregation.apiserver.machinery.selection;

import java.util.Objects;

/**
 * One term of a field selector: {@code field=value} ({@link Operator#EQUALS}; {@code ==} parses to it too) or
 * {@code field!=value} ({@link Operator#NOT_EQUALS}). {@code value} is unescaped.
 */
public record FieldRequirement(String field, Operator operator, String value) {
  public FieldRequirement {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (operator != Operator.EQUALS && operator != Operator.NOT_EQUALS) {
      throw new IllegalArgumentException("a field selector term is = or !=, not " + operator.text());
    }
  }

  /** A missing field reads as the empty string, as fields.Set.Get does. */
  public boolean matches(String actual) {
    boolean equal = value.equals(actual == null ? "" : actual);
    return operator == Operator.EQUALS ? equal : !equal;
  }

  @Override
  public String toString() {
    return field + (operator == Operator.EQUALS ? "=" : "!=") + FieldSelector.escapeValue(value);
  }
}
